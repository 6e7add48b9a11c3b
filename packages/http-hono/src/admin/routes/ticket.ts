import {
  ConflictError,
  createTicketInputSchema,
  patchTicketInputSchema,
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
  type CreateTicketInput,
} from '@tessera/core';
import { Hono, type Context } from 'hono';
import type { AdminConfig, AdminEnv } from '../context.js';
import { redirectWithFlash, takeFlashes } from '../flash.js';
import { pageContext } from '../guard.js';
import { addSchemaErrors, FORM_FIELD_FOR_CORE, readTicketForm, toTicketInput } from '../ticket-form-input.js';
import { loadTicketPage, pathId } from '../ticket-page-model.js';
import { errorsFor, unplacedMessages, type FormErrors } from '../views/fields.js';
import { newTicketPage, TICKET_FORM_FIELDS, ticketFormValues } from '../views/ticket-form.js';
import { ticketPage } from '../views/ticket-page.js';
import { adminErrorText, issueMessages } from '../views/messages.js';

function idParam(c: Context<AdminEnv>): number {
  const id = pathId(c.req.param('id'));
  if (id === null) throw new NotFoundError('ticket', c.req.param('id') ?? '');
  return id;
}

/** Create form, ticket page, edits and comments, all through `ticketing.tickets` / `.comments`. */
export function ticketRoutes(config: AdminConfig): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const { ticketing } = config;

  app.get('/tickets/new', async (c) => {
    const flashes = await takeFlashes(c, config);
    return c.html(newTicketPage(pageContext(c, config), {}, {}, ticketing.categories, flashes));
  });

  app.post('/tickets/new', async (c) => {
    const values = readTicketForm(await c.req.parseBody());
    const { input, errors } = toTicketInput(values);
    const again = (errs: FormErrors) =>
      c.html(
        newTicketPage(pageContext(c, config), values, errs, ticketing.categories, [
          { kind: 'error', text: ['The ticket was not created; see the messages below.', ...unplacedMessages(errs, TICKET_FORM_FIELDS)].join(' ') },
        ]),
        400,
      );
    if (Object.keys(errors).length) return again(addSchemaErrors(createTicketInputSchema, input, errors));
    try {
      const { status: _ignored, ...create } = input;
      const ticket = await ticketing.tickets.create(c.get('actor'), create as CreateTicketInput);
      return redirectWithFlash(c, config, `${config.base}/tickets/${ticket.id}`, {
        kind: 'success',
        text: `Created ${ticket.ticketNumber}.`,
      });
    } catch (err) {
      if (err instanceof ValidationError) return again(errorsFor(err, FORM_FIELD_FOR_CORE));
      throw err;
    }
  });

  app.get('/tickets/:id', async (c) => {
    const id = idParam(c);
    const flashes = await takeFlashes(c, config);
    const model = await loadTicketPage(config, c.get('actor'), id, { flashes });
    return c.html(ticketPage(pageContext(c, config), model));
  });

  app.post('/tickets/:id', async (c) => {
    const id = idParam(c);
    const actor = c.get('actor');
    const body = await c.req.parseBody();
    const values = readTicketForm(body);
    const version = Number(body.version);
    const current = await ticketing.tickets.get(actor, id);
    const { input, errors } = toTicketInput(values, ticketFormValues(current));
    const here = `${config.base}/tickets/${id}`;
    const again = async (errs: FormErrors) => {
      const model = await loadTicketPage(config, actor, id, {
        values: { ...ticketFormValues(current), ...values },
        errors: errs,
        flashes: [
          {
            kind: 'error',
            text: ['The changes were not saved; see the messages below.', ...unplacedMessages(errs, TICKET_FORM_FIELDS)].join(' '),
          },
        ],
      });
      return c.html(ticketPage(pageContext(c, config), model), 400);
    };
    if (Object.keys(errors).length) return again(addSchemaErrors(patchTicketInputSchema, input, errors));
    if (Object.keys(input).length === 0) return redirectWithFlash(c, config, here, { kind: 'info', text: 'Nothing changed.' });
    try {
      const options = Number.isSafeInteger(version) && version > 0 ? { expectedVersion: version } : {};
      await ticketing.tickets.patch(actor, id, input, options);
      return redirectWithFlash(c, config, here, { kind: 'success', text: `Saved ${current.ticketNumber}.` });
    } catch (err) {
      if (err instanceof ValidationError) return again(errorsFor(err, FORM_FIELD_FOR_CORE));
      if (err instanceof InvalidTransitionError) return again({ status: [err.message] });
      if (err instanceof ConflictError) {
        return redirectWithFlash(c, config, here, {
          kind: 'error',
          text: 'Someone else changed this ticket while you were editing; your changes were not saved. Review it and try again.',
        });
      }
      throw err;
    }
  });

  app.post('/tickets/:id/delete', async (c) => {
    const id = idParam(c);
    const actor = c.get('actor');
    const { ticketNumber } = await ticketing.tickets.get(actor, id);
    await ticketing.tickets.delete(actor, id);
    return redirectWithFlash(c, config, `${config.base}/tickets`, { kind: 'success', text: `Deleted ${ticketNumber}.` });
  });

  app.post('/tickets/:id/comments', async (c) => {
    const id = idParam(c);
    const actor = c.get('actor');
    const body = await c.req.parseBody();
    const content = typeof body.content === 'string' ? body.content.replace(/\r\n?/gu, '\n') : '';
    const isInternal = body.is_internal === 'true';
    try {
      await ticketing.comments.add(actor, id, { content, isInternal });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const model = await loadTicketPage(config, actor, id, {
        commentErrors: { content: issueMessages(err, 'content') ?? [adminErrorText(err)] },
        commentValues: { content, is_internal: isInternal },
        flashes: [{ kind: 'error', text: 'The comment was not added.' }],
      });
      return c.html(ticketPage(pageContext(c, config), model), 400);
    }
    return redirectWithFlash(c, config, `${config.base}/tickets/${id}#comments-h`, {
      kind: 'success',
      text: isInternal ? 'Internal note added.' : 'Comment added.',
    });
  });

  return app;
}
