import { idParam, safeText } from '@tessera/core';
import { z } from 'zod';

/** The uploaded file part; the OpenAPI document shows it as binary. */
export const filePart = z
  .custom<File>((v) => v instanceof File, 'No file was submitted.')
  .meta({ type: 'string', format: 'binary' });

const ticketField = idParam;

/** `add_attachment`: `file` + `description`. */
export const attachmentForm = z.object({ file: filePart, description: safeText(1000).optional() });
/** `POST /attachments/`: the same plus `ticket`. */
export const attachmentCreateForm = attachmentForm.extend({ ticket: ticketField });

const MEDIA_TYPE = /^[A-Za-z0-9][\w.+-]{0,126}\/[A-Za-z0-9][\w.+-]{0,126}$/u;

/** The declared type of an upload when it is a plain `type/subtype`, else octet-stream. */
export function uploadContentType(file: File): string {
  const type = file.type.split(';')[0]!.trim().toLowerCase();
  return MEDIA_TYPE.test(type) ? type : 'application/octet-stream';
}
