import { Hono, type Context } from 'hono';
import { createFactory } from 'hono/factory';
import type { RouteDeps, TicketingEnv } from '../env.js';
import { toWirePage } from '../pagination.js';
import { multipartBody } from '../upload/multipart.js';
import { attachmentCreateForm, attachmentForm, uploadContentType } from '../wire/forms.js';
import { toPageInput } from '../wire/queries.js';
import { toWireAttachment } from '../wire/serialize.js';
import { contentDisposition } from './content-disposition.js';
import { bodyRef, downloadUrl, pathId, ticketFirst } from './helpers.js';
import { documented, multipartInput, queryInput } from './operation.js';

/** `/attachments/…` and the ticket action `add_attachment`. */
export function attachmentRoutes(d: RouteDeps) {
  const f = createFactory<TicketingEnv>();
  const { attachments } = d.ticketing;
  const multipart = multipartBody(d.uploadLimitBytes);

  const store = async (
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    c: Context<TicketingEnv, any, any>,
    ticketId: number,
    form: { file: File; description?: string | undefined },
  ) => {
    const attachment = await attachments.add(c.get('actor'), ticketId, {
      filename: form.file.name || 'file',
      contentType: uploadContentType(form.file),
      description: form.description ?? '',
      body: form.file.stream(),
    });
    return c.json(toWireAttachment(attachment, downloadUrl(c)(attachment.id)), 201);
  };

  const addAttachment = f.createHandlers(ticketFirst(d.ticketing.tickets), multipart, multipartInput(attachmentForm, 'AttachmentUpload'), async (c) =>
    store(c, pathId(c, 'ticket'), c.req.valid('form')),
  );

  const create = f.createHandlers(multipart, multipartInput(attachmentCreateForm, 'AttachmentCreate'), async (c) => {
    const form = c.req.valid('form');
    return bodyRef('ticket', form.ticket, () => store(c, form.ticket, form));
  });

  const list = f.createHandlers(queryInput(d.queries.attachmentList), async (c) => {
    const q = c.req.valid('query');
    const page = await attachments.list(c.get('actor'), { ticketId: q.ticket, ...toPageInput(q) });
    const link = downloadUrl(c);
    return c.json(toWirePage(c.req.url, page, (a) => toWireAttachment(a, link(a.id))), 200);
  });

  const retrieve = f.createHandlers(async (c) => {
    const attachment = await attachments.get(c.get('actor'), pathId(c, 'attachment'));
    return c.json(toWireAttachment(attachment, downloadUrl(c)(attachment.id)), 200);
  });

  const download = f.createHandlers(async (c) => {
    const { attachment, body } = await attachments.read(c.get('actor'), pathId(c, 'attachment'));
    return c.body(body, 200, {
      'Content-Type': attachment.contentType,
      'Content-Length': String(attachment.fileSize),
      'Content-Disposition': contentDisposition(attachment.filename),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
  });

  const remove = f.createHandlers(async (c) => {
    await attachments.remove(c.get('actor'), pathId(c, 'attachment'));
    return c.body(null, 204);
  });

  return new Hono<TicketingEnv>()
    .post('/tickets/:id/add_attachment', ...documented({ summary: 'Upload an attachment', tag: 'tickets', ok: [201, 'Attachment'] }, addAttachment))
    .get('/attachments', ...documented({ summary: 'List attachments', tag: 'attachments', ok: [200, 'AttachmentPage'] }, list))
    .post('/attachments', ...documented({ summary: 'Upload an attachment', tag: 'attachments', ok: [201, 'Attachment'] }, create))
    .get('/attachments/:id/download', ...documented({ summary: 'Download the bytes', tag: 'attachments', ok: [200, null] }, download))
    .get('/attachments/:id', ...documented({ summary: 'Attachment metadata', tag: 'attachments', ok: [200, 'Attachment'] }, retrieve))
    .delete('/attachments/:id', ...documented({ summary: 'Remove an attachment (staff or uploader)', tag: 'attachments', ok: [204, null] }, remove));
}
