import { ConflictError, NotFoundError, SlaValidationError, ValidationError, type Actor } from '@tessera/core';
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
import type { Flash, Html } from '../views/html.js';
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

  /**
   * POST of a create (`create`) or edit form: saves through core and goes back to the list, or
   * shows the form again with core's messages (400).
   */
  const saveForm =
    <T extends { id: number; name: string }>(form: {
      create: boolean;
      path: string;
      resource: 'calendar' | 'sla policy';
      noun: string;
      api: { get(actor: Actor, id: number): Promise<T>; create(actor: Actor, input: never): Promise<T>; update(actor: Actor, id: number, input: never): Promise<T> };
      input: (values: SettingsFormValues) => unknown;
      page: (c: Context<AdminEnv>, current: T | null, values: SettingsFormValues, errors: FormErrors, flashes: Flash[]) => Promise<Html>;
    }) =>
    async (c: Context<AdminEnv>) => {
      const actor = c.get('actor');
      const current = form.create ? null : await form.api.get(actor, idOf(c, form.resource));
      const values = readSettingsForm(await c.req.parseBody({ all: true }));
      try {
        const input = form.input(values) as never;
        const saved = current ? await form.api.update(actor, current.id, input) : await form.api.create(actor, input);
        return redirectWithFlash(c, config, `${config.base}/${form.path}`, { kind: 'success', text: `Saved ${form.noun} “${saved.name}”.` });
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const errors = formErrorsOf(err);
        const text = [`The ${form.noun} was not saved; see the messages below.`, ...unplacedMessages(errors, placedSettingsFields(values))].join(' ');
        return c.html(await form.page(c, current, values, errors, [{ kind: 'error', text }]), 400);
      }
    };

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
  const saveCalendar = (create: boolean) =>
    saveForm({
      create,
      path: 'calendars',
      resource: 'calendar',
      noun: 'calendar',
      api: calendars,
      input: calendarInput,
      page: async (c, current, values, errors, flashes) => calendarFormPage(pageContext(c, config), current, values, errors, flashes),
    });
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
  const savePolicy = (create: boolean) =>
    saveForm({
      create,
      path: 'sla-policies',
      resource: 'sla policy',
      noun: 'policy',
      api: policies,
      input: policyInput,
      page: async (c, current, values, errors, flashes) =>
        policyFormPage(pageContext(c, config), current, values, errors, { calendars: await calendarList(c), categories }, flashes),
    });
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
