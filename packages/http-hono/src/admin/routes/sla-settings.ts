import { ConflictError, NotFoundError, SlaValidationError, ValidationError } from '@tessera/core';
import { Hono, type Context } from 'hono';
import { wireFieldErrors } from '../../errors.js';
import type { AdminConfig, AdminEnv } from '../context.js';
import { redirectWithFlash, takeFlashes } from '../flash.js';
import { pageContext } from '../guard.js';
import {
  calendarFormValues,
  calendarInput,
  policyFormValues,
  policyInput,
  readSettingsForm,
  settingsFormErrors,
  type SettingsFormValues,
} from '../sla-form-input.js';
import { pathId } from '../ticket-page-model.js';
import { unplacedMessages, type FormErrors } from '../views/fields.js';
import { calendarFormPage, calendarListPage, placedSettingsFields, policyFormPage, policyListPage } from '../views/sla-settings.js';

function idOf(c: Context<AdminEnv>, resource: 'calendar' | 'sla policy'): number {
  const id = pathId(c.req.param('id'));
  if (id === null) throw new NotFoundError(resource, c.req.param('id') ?? '');
  return id;
}

/** Core's refusal as form errors: nested SLA errors by input name, other field errors by wire name. */
function formErrorsOf(err: ValidationError): FormErrors {
  return err instanceof SlaValidationError ? settingsFormErrors(err) : wireFieldErrors(err);
}

/**
 * `/calendars` and `/sla-policies`: list, create, edit and delete, through `ticketing.sla` (the
 * same validation, and so the same messages, as the REST API).
 */
export function slaSettingsRoutes(config: AdminConfig): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const { calendars, policies } = config.ticketing.sla;
  const categories = config.ticketing.categories;

  /** Re-renders a refused form with its messages (400). */
  const refused = (what: string, values: SettingsFormValues, errors: FormErrors) => [
    { kind: 'error' as const, text: [`The ${what} was not saved; see the messages below.`, ...unplacedMessages(errors, placedSettingsFields(values))].join(' ') },
  ];

  app.get('/calendars', async (c) => {
    const flashes = await takeFlashes(c, config);
    return c.html(calendarListPage(pageContext(c, config), await calendars.list(c.get('actor')), flashes));
  });
  app.get('/calendars/new', async (c) => {
    const values = { 'hours.mon': '09:00-17:00', 'hours.tue': '09:00-17:00', 'hours.wed': '09:00-17:00', 'hours.thu': '09:00-17:00', 'hours.fri': '09:00-17:00', timezone: 'UTC' };
    return c.html(calendarFormPage(pageContext(c, config), null, values, {}, await takeFlashes(c, config)));
  });
  app.get('/calendars/:id', async (c) => {
    const calendar = await calendars.get(c.get('actor'), idOf(c, 'calendar'));
    return c.html(calendarFormPage(pageContext(c, config), calendar, calendarFormValues(calendar), {}, await takeFlashes(c, config)));
  });
  const saveCalendar = (create: boolean) => async (c: Context<AdminEnv>) => {
    const actor = c.get('actor');
    const current = create ? null : await calendars.get(actor, idOf(c, 'calendar'));
    const values = readSettingsForm(await c.req.parseBody({ all: true }));
    try {
      const input = calendarInput(values) as never;
      const saved = current ? await calendars.update(actor, current.id, input) : await calendars.create(actor, input);
      return redirectWithFlash(c, config, `${config.base}/calendars`, { kind: 'success', text: `Saved calendar “${saved.name}”.` });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = formErrorsOf(err);
      return c.html(calendarFormPage(pageContext(c, config), current, values, errors, refused('calendar', values, errors)), 400);
    }
  };
  app.post('/calendars/new', saveCalendar(true));
  app.post('/calendars/:id', saveCalendar(false));
  app.post('/calendars/:id/delete', async (c) => {
    const actor = c.get('actor');
    const calendar = await calendars.get(actor, idOf(c, 'calendar'));
    try {
      await calendars.delete(actor, calendar.id);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      return redirectWithFlash(c, config, `${config.base}/calendars`, { kind: 'error', text: `“${calendar.name}” was not deleted: ${err.message}` });
    }
    return redirectWithFlash(c, config, `${config.base}/calendars`, { kind: 'success', text: `Deleted calendar “${calendar.name}”.` });
  });

  const calendarList = async (c: Context<AdminEnv>) => calendars.list(c.get('actor'));
  app.get('/sla-policies', async (c) => {
    const flashes = await takeFlashes(c, config);
    const [all, cals] = await Promise.all([policies.list(c.get('actor')), calendarList(c)]);
    return c.html(policyListPage(pageContext(c, config), all, new Map(cals.map((k) => [k.id, k.name])), flashes));
  });
  app.get('/sla-policies/new', async (c) => {
    const values: SettingsFormValues = { pause_statuses: ['pending'] };
    return c.html(policyFormPage(pageContext(c, config), null, values, {}, { calendars: await calendarList(c), categories }, await takeFlashes(c, config)));
  });
  app.get('/sla-policies/:id', async (c) => {
    const policy = await policies.get(c.get('actor'), idOf(c, 'sla policy'));
    return c.html(
      policyFormPage(pageContext(c, config), policy, policyFormValues(policy), {}, { calendars: await calendarList(c), categories }, await takeFlashes(c, config)),
    );
  });
  const savePolicy = (create: boolean) => async (c: Context<AdminEnv>) => {
    const actor = c.get('actor');
    const current = create ? null : await policies.get(actor, idOf(c, 'sla policy'));
    const values = readSettingsForm(await c.req.parseBody({ all: true }));
    try {
      const input = policyInput(values) as never;
      const saved = current ? await policies.update(actor, current.id, input) : await policies.create(actor, input);
      return redirectWithFlash(c, config, `${config.base}/sla-policies`, { kind: 'success', text: `Saved policy “${saved.name}”.` });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = formErrorsOf(err);
      const page = policyFormPage(pageContext(c, config), current, values, errors, { calendars: await calendarList(c), categories }, refused('policy', values, errors));
      return c.html(page, 400);
    }
  };
  app.post('/sla-policies/new', savePolicy(true));
  app.post('/sla-policies/:id', savePolicy(false));
  app.post('/sla-policies/:id/delete', async (c) => {
    const actor = c.get('actor');
    const policy = await policies.get(actor, idOf(c, 'sla policy'));
    await policies.delete(actor, policy.id);
    return redirectWithFlash(c, config, `${config.base}/sla-policies`, { kind: 'success', text: `Deleted policy “${policy.name}”.` });
  });

  return app;
}
