import { formatFileSize, NotFoundError, PayloadTooLargeError, ValidationError } from '@tessera/core';
import { Hono, type Context } from 'hono';
import type { AdminConfig, AdminEnv } from '../context.js';
import { redirectWithFlash } from '../flash.js';
import { pageContext } from '../guard.js';
import { loadTicketPage, pathId } from '../ticket-page-model.js';
import type { FormErrors } from '../views/fields.js';
import { issueMessages } from '../views/messages.js';
import { ticketPage } from '../views/ticket-page.js';

/**
 * A `Content-Disposition` that always downloads (never renders in the admin's origin) and keeps
 * non-ASCII names through RFC 5987 `filename*`.
 */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%;]/gu, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

function id(c: Context<AdminEnv>, resource: 'ticket' | 'attachment'): number {
  const value = pathId(c.req.param('id'));
  if (value === null) throw new NotFoundError(resource, c.req.param('id') ?? '');
  return value;
}

/** Upload, download and removal of attachments, through `ticketing.attachments`. */
export function attachmentRoutes(config: AdminConfig): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const { ticketing } = config;

  app.post('/tickets/:id/attachments', async (c) => {
    const ticketId = id(c, 'ticket');
    const actor = c.get('actor');
    const body = await c.req.parseBody();
    const file = body.file;
    const description = typeof body.description === 'string' ? body.description : '';
    const refuse = async (errors: FormErrors, status: 400 | 413) => {
      const model = await loadTicketPage(config, actor, ticketId, {
        uploadErrors: errors,
        flashes: [{ kind: 'error', text: 'The file was not uploaded.' }],
      });
      return c.html(ticketPage(pageContext(c, config), model), status);
    };
    if (!(file instanceof File) || (file.size === 0 && file.name === '')) return refuse({ file: ['Choose a file to upload.'] }, 400);
    if (file.size > ticketing.uploadLimitBytes) {
      return refuse({ file: [`The file is larger than the limit of ${formatFileSize(ticketing.uploadLimitBytes)}.`] }, 413);
    }
    try {
      const attachment = await ticketing.attachments.add(actor, ticketId, {
        filename: file.name,
        contentType: file.type || 'application/octet-stream',
        description,
        body: file.stream(),
      });
      return redirectWithFlash(c, config, `${config.base}/tickets/${ticketId}#attachments-h`, {
        kind: 'success',
        text: `Uploaded ${attachment.filename} (${formatFileSize(attachment.fileSize)}).`,
      });
    } catch (err) {
      if (err instanceof PayloadTooLargeError) {
        return refuse({ file: [`The file is larger than the limit of ${formatFileSize(err.limitBytes)}.`] }, 413);
      }
      if (err instanceof ValidationError) {
        return refuse(
          {
            file: [...(issueMessages(err, 'filename') ?? []), ...(issueMessages(err, 'contentType') ?? [])],
            description: issueMessages(err, 'description') ?? [],
          },
          400,
        );
      }
      throw err;
    }
  });

  app.get('/attachments/:id/download', async (c) => {
    const { attachment, body } = await ticketing.attachments.read(c.get('actor'), id(c, 'attachment'));
    return c.body(body, 200, {
      'Content-Type': attachment.contentType || 'application/octet-stream',
      'Content-Length': String(attachment.fileSize),
      'Content-Disposition': attachmentDisposition(attachment.filename),
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
    });
  });

  app.post('/attachments/:id/remove', async (c) => {
    const actor = c.get('actor');
    const attachment = await ticketing.attachments.get(actor, id(c, 'attachment'));
    await ticketing.attachments.remove(actor, attachment.id);
    return redirectWithFlash(c, config, `${config.base}/tickets/${attachment.ticketId}#attachments-h`, {
      kind: 'success',
      text: `Removed ${attachment.filename}.`,
    });
  });

  return app;
}
