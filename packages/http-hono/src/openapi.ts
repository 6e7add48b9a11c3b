import { z } from 'zod';
import type { RouteDeps } from './env.js';
import { attachmentCreateForm, attachmentForm } from './wire/forms.js';
import {
  pageSchema,
  wireAttachmentSchema,
  wireCommentSchema,
  wireErrorSchema,
  wireHistorySchema,
  wireStatisticsSchema,
  wireTicketDetailSchema,
  wireTicketSchema,
} from './wire/responses.js';

type Json = Record<string, unknown>;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Operation {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  query?: z.ZodObject;
  json?: string;
  multipart?: string;
  ok: [status: number, schema: string | null];
  /** Honours `If-Match` (412 when stale). */
  etag?: boolean;
  /** Honours `If-None-Match` (304 when current). */
  conditional?: boolean;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });

/** Converts zod to JSON Schema 2020-12 (OpenAPI 3.1's dialect), describing what clients send. */
function jsonSchema(schema: z.ZodType): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
}

function parameters(op: Operation): Json[] {
  const params: Json[] = [];
  if (op.path.includes('{id}')) {
    params.push({ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } });
  }
  for (const [name, field] of Object.entries(op.query?.shape ?? {})) {
    params.push({ name, in: 'query', required: false, schema: jsonSchema(field as z.ZodType) });
  }
  if (op.etag) params.push({ name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } });
  if (op.conditional) params.push({ name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } });
  return params;
}

function operation(op: Operation): Json {
  const [status, schema] = op.ok;
  const responses: Json = {
    [status]: schema
      ? { description: 'OK', content: { 'application/json': { schema: ref(schema) } } }
      : { description: status === 204 ? 'Deleted' : 'OK' },
    400: errorResponse('Invalid input: `{"field": ["message"]}`'),
    401: errorResponse('Not authenticated'),
    403: errorResponse('Forbidden'),
    404: errorResponse('Not found'),
  };
  if (op.etag) responses[412] = errorResponse('If-Match does not match the current version');
  if (op.conditional) responses[304] = { description: 'Not modified: If-None-Match names the current version' };
  if (op.multipart) responses[413] = errorResponse('File larger than the upload limit');
  const out: Json = {
    operationId: `${op.method}${op.path.replace(/\{id\}/gu, 'ById').replace(/[^A-Za-z]+(.)?/gu, (_m, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
    summary: op.summary,
    tags: [op.tag],
    parameters: parameters(op),
    responses,
  };
  if (op.json) {
    // DRF parses forms on the same endpoints; values arrive as strings and are coerced per field.
    const schema = ref(op.json);
    out.requestBody = {
      required: true,
      content: { 'application/json': { schema }, 'application/x-www-form-urlencoded': { schema }, 'multipart/form-data': { schema } },
    };
  }
  if (op.multipart) out.requestBody = { required: true, content: { 'multipart/form-data': { schema: ref(op.multipart) } } };
  return out;
}

/**
 * The OpenAPI 3.1 document of the router, generated from the zod schemas the router validates
 * with and the response schemas its serializers are typed by. `serverUrl` is the mount point.
 */
export function createOpenApiDocument(d: RouteDeps, serverUrl: string): Json {
  const { bodies, queries } = d;
  const components = z.registry<{ id: string }>();
  const add = (id: string, schema: z.ZodType) => components.add(schema, { id });
  add('Ticket', wireTicketSchema);
  add('TicketDetail', wireTicketDetailSchema);
  add('Comment', wireCommentSchema);
  add('Attachment', wireAttachmentSchema);
  add('HistoryEntry', wireHistorySchema);
  add('Statistics', wireStatisticsSchema);
  add('Error', wireErrorSchema);
  add('TicketPage', pageSchema(wireTicketSchema));
  add('CommentPage', pageSchema(wireCommentSchema));
  add('AttachmentPage', pageSchema(wireAttachmentSchema));
  add('HistoryPage', pageSchema(wireHistorySchema));
  add('TicketCreate', bodies.ticketCreate);
  add('TicketUpdate', bodies.ticketUpdate);
  add('TicketPatch', bodies.ticketPatch);
  add('Assign', bodies.assign);
  add('ChangeStatus', bodies.changeStatus);
  add('CommentInput', bodies.comment);
  add('CommentCreate', bodies.commentCreate);
  add('AttachmentUpload', attachmentForm);
  add('AttachmentCreate', attachmentCreateForm);
  const { schemas } = z.toJSONSchema(components, {
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Json> };
  for (const schema of Object.values(schemas)) delete schema.$schema;

  const ops: Operation[] = [
    { method: 'get', path: '/tickets/', summary: 'List tickets', tag: 'tickets', query: queries.ticketList, ok: [200, 'TicketPage'] },
    { method: 'post', path: '/tickets/', summary: 'Create a ticket', tag: 'tickets', json: 'TicketCreate', ok: [201, 'TicketDetail'] },
    { method: 'get', path: '/tickets/my_tickets/', summary: 'Tickets assigned to (staff) or created by (customer) the caller', tag: 'tickets', query: queries.ticketList, ok: [200, 'TicketPage'] },
    { method: 'get', path: '/tickets/unassigned/', summary: 'Unassigned tickets', tag: 'tickets', query: queries.ticketList, ok: [200, 'TicketPage'] },
    { method: 'get', path: '/tickets/overdue/', summary: 'Overdue tickets', tag: 'tickets', query: queries.ticketList, ok: [200, 'TicketPage'] },
    { method: 'get', path: '/tickets/statistics/', summary: 'Ticket statistics', tag: 'tickets', query: queries.ticketFilters, ok: [200, 'Statistics'] },
    { method: 'get', path: '/tickets/{id}/', summary: 'Ticket detail (ETag: version)', tag: 'tickets', ok: [200, 'TicketDetail'], conditional: true },
    { method: 'put', path: '/tickets/{id}/', summary: 'Update a ticket', tag: 'tickets', json: 'TicketUpdate', ok: [200, 'TicketDetail'], etag: true },
    { method: 'patch', path: '/tickets/{id}/', summary: 'Partially update a ticket', tag: 'tickets', json: 'TicketPatch', ok: [200, 'TicketDetail'], etag: true },
    { method: 'delete', path: '/tickets/{id}/', summary: 'Delete a ticket', tag: 'tickets', ok: [204, null] },
    { method: 'post', path: '/tickets/{id}/assign/', summary: 'Assign (or unassign with null)', tag: 'tickets', json: 'Assign', ok: [200, 'TicketDetail'], etag: true },
    { method: 'post', path: '/tickets/{id}/change_status/', summary: 'Change status', tag: 'tickets', json: 'ChangeStatus', ok: [200, 'TicketDetail'], etag: true },
    { method: 'post', path: '/tickets/{id}/add_comment/', summary: 'Add a comment', tag: 'tickets', json: 'CommentInput', ok: [201, 'Comment'] },
    { method: 'post', path: '/tickets/{id}/add_attachment/', summary: 'Upload an attachment', tag: 'tickets', multipart: 'AttachmentUpload', ok: [201, 'Attachment'] },
    { method: 'get', path: '/comments/', summary: 'List comments', tag: 'comments', query: queries.commentList, ok: [200, 'CommentPage'] },
    { method: 'post', path: '/comments/', summary: 'Create a comment', tag: 'comments', json: 'CommentCreate', ok: [201, 'Comment'] },
    { method: 'get', path: '/attachments/', summary: 'List attachments', tag: 'attachments', query: queries.attachmentList, ok: [200, 'AttachmentPage'] },
    { method: 'post', path: '/attachments/', summary: 'Upload an attachment', tag: 'attachments', multipart: 'AttachmentCreate', ok: [201, 'Attachment'] },
    { method: 'get', path: '/attachments/{id}/', summary: 'Attachment metadata', tag: 'attachments', ok: [200, 'Attachment'] },
    { method: 'delete', path: '/attachments/{id}/', summary: 'Remove an attachment (staff or uploader)', tag: 'attachments', ok: [204, null] },
    { method: 'get', path: '/attachments/{id}/download/', summary: 'Download the bytes', tag: 'attachments', ok: [200, null] },
    { method: 'get', path: '/history/', summary: 'Audit trail', tag: 'history', query: queries.historyList, ok: [200, 'HistoryPage'] },
  ];
  const paths: Record<string, Record<string, Json>> = {};
  for (const op of ops) (paths[op.path] ??= {})[op.method] = operation(op);

  return {
    openapi: '3.1.0',
    info: { title: 'Tessera ticketing API', version: '0.1.0' },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
    },
  };
}
