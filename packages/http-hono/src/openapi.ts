import { dateTimeSchema } from '@tessera/core';
import type { RouterRoute } from 'hono/types';
import { z } from 'zod';
import { docOf, type HandlerDoc, type OperationDoc, type ResponseComponent } from './routes/operation.js';
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
import { wireCreatedWebhookSchema, wireDeliverySchema, wirePingQueuedSchema, wireWebhookSchema } from './wire/webhooks.js';
import { wireCalendarSchema, wireSlaPolicySchema } from './wire/sla.js';
import { wirePercentilesSchema } from './wire/percentiles.js';

type Json = Record<string, unknown>;

/** Response bodies, by the component name routes use in `ok`. */
const RESPONSE_COMPONENTS: Record<Exclude<ResponseComponent, OptionalComponent> | 'Error', z.ZodType> = {
  Ticket: wireTicketSchema,
  TicketDetail: wireTicketDetailSchema,
  Comment: wireCommentSchema,
  Attachment: wireAttachmentSchema,
  HistoryEntry: wireHistorySchema,
  Statistics: wireStatisticsSchema,
  Percentiles: wirePercentilesSchema,
  Error: wireErrorSchema,
  TicketPage: pageSchema(wireTicketSchema),
  CommentPage: pageSchema(wireCommentSchema),
  AttachmentPage: pageSchema(wireAttachmentSchema),
  HistoryPage: pageSchema(wireHistorySchema),
  Calendar: wireCalendarSchema,
  CalendarPage: pageSchema(wireCalendarSchema),
  SlaPolicy: wireSlaPolicySchema,
  SlaPolicyPage: pageSchema(wireSlaPolicySchema),
};

/** Response bodies of optional routes (`/webhooks/`): defined only when a documented route answers with them. */
type OptionalComponent = 'Webhook' | 'WebhookCreated' | 'WebhookPage' | 'DeliveryPage' | 'PingQueued';
const OPTIONAL_COMPONENTS: Record<OptionalComponent, z.ZodType> = {
  Webhook: wireWebhookSchema,
  WebhookCreated: wireCreatedWebhookSchema,
  WebhookPage: pageSchema(wireWebhookSchema),
  DeliveryPage: pageSchema(wireDeliverySchema),
  PingQueued: wirePingQueuedSchema,
};

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });
/** Keywords that only constrain strings; dropped where a parameter is documented as a number or boolean. */
const STRING_KEYWORDS = ['pattern', 'enum', 'minLength', 'maxLength', 'format'] as const;

/**
 * zod → JSON Schema 2020-12 (OpenAPI 3.1's dialect), describing what clients send. Date-times
 * are strings on the wire (core's schema also takes a `Date`, which JSON cannot carry).
 */
const conversion = {
  io: 'input',
  unrepresentable: 'any',
  override: (ctx: { zodSchema: unknown; jsonSchema: Json }) => {
    if (ctx.zodSchema !== dateTimeSchema) return;
    for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key];
    Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
  },
} as const;

/**
 * A query parameter's schema. Values arrive as strings, but a parameter whose validator yields a
 * number or boolean is documented with that type (its schema says so in `.meta({ type })`), so
 * generated clients send `page: number`, `overdue: boolean`.
 */
function parameterSchema(field: z.ZodType): Json {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(field, conversion) as Json;
  if (schema.type !== 'string' && schema.type !== undefined) for (const key of STRING_KEYWORDS) delete schema[key];
  return schema;
}

/** One route as registered: its method, its OpenAPI path and the documentation of its handlers. */
interface DocumentedRoute {
  method: string;
  path: string;
  operation: OperationDoc;
  input: HandlerDoc;
}

/** Groups registered handlers into documented routes; the slashed twins of each route fold into one. */
function documentedRoutes(routes: readonly RouterRoute[]): DocumentedRoute[] {
  const byKey = new Map<string, { method: string; path: string; docs: HandlerDoc[] }>();
  for (const route of routes) {
    const doc = docOf(route.handler);
    if (!doc || route.method === 'ALL') continue;
    const path = `${route.path.replace(/\/$/u, '').replace(/:(\w+)/gu, '{$1}')}/`;
    const key = `${route.method} ${path}`;
    const entry = byKey.get(key) ?? { method: route.method.toLowerCase(), path, docs: [] };
    if (!entry.docs.includes(doc)) entry.docs.push(doc);
    byKey.set(key, entry);
  }
  const out: DocumentedRoute[] = [];
  for (const { method, path, docs } of byKey.values()) {
    const input: HandlerDoc = Object.assign({}, ...docs);
    if (input.operation) out.push({ method, path, operation: input.operation, input });
  }
  return out;
}

function parameters(route: DocumentedRoute): Json[] {
  const params: Json[] = [];
  for (const [, name] of route.path.matchAll(/\{(\w+)\}/gu)) {
    params.push({ name, in: 'path', required: true, schema: { type: 'integer', minimum: 1 } });
  }
  for (const [name, field] of Object.entries(route.input.query?.shape ?? {})) {
    params.push({ name, in: 'query', required: false, schema: parameterSchema(field as z.ZodType) });
  }
  if (route.operation.etag) params.push({ name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } });
  if (route.operation.conditional) params.push({ name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } });
  if (route.operation.idempotent) params.push(IDEMPOTENCY_KEY_PARAMETER);
  return params;
}

/** Documented on the POSTs that honour it; the middleware in `idempotency/` enforces it. */
const IDEMPOTENCY_KEY_PARAMETER: Json = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retried POST safe. The same key from the same user with the same request (method, path and JSON body) ' +
    'within 24 hours replays the first answer (status and body, with `Idempotent-Replayed: true`) and changes nothing; ' +
    'the same key with a different request → 422; while the first request is still running → 409. ' +
    'Answers 2xx and 4xx are replayed; 5xx are not stored. Keys are 1–255 printable ASCII characters (else 400).',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7E]{1,255}$' },
};

function operationId(method: string, path: string): string {
  const words = path.replace(/\{(\w+)\}/gu, 'By_$1').replace(/[^A-Za-z]+(.)?/gu, (_m, ch: string | undefined) => (ch ?? '').toUpperCase());
  return `${method}${words}`;
}

function operation(route: DocumentedRoute): Json {
  const { operation: op, input } = route;
  const [status, schema] = op.ok;
  const responses: Json = {
    [status]: schema
      ? { description: 'OK', content: { 'application/json': { schema: ref(schema) } } }
      : { description: status === 204 ? 'Deleted' : 'The file' },
    400: errorResponse('Invalid input: `{"field": ["message"]}`'),
    401: errorResponse('Not authenticated'),
    403: errorResponse('Forbidden'),
    404: errorResponse('Not found'),
  };
  if (op.etag) responses[412] = errorResponse('If-Match does not match the current version');
  if (op.idempotent) {
    responses[409] = errorResponse('A request with this Idempotency-Key is still running');
    responses[422] = errorResponse('This Idempotency-Key was used with a different request body');
  }
  if (op.conditional) responses[304] = { description: 'Not modified: If-None-Match names the current version' };
  if (input.body?.media === 'multipart') responses[413] = errorResponse('File larger than the upload limit');
  const out: Json = {
    operationId: operationId(route.method, route.path),
    summary: op.summary,
    tags: [op.tag],
    parameters: parameters(route),
    responses,
  };
  if (input.body) {
    const body = ref(input.body.component);
    // DRF parses forms on the same endpoints; values arrive as strings and are coerced per field.
    const content =
      input.body.media === 'multipart'
        ? { 'multipart/form-data': { schema: body } }
        : { 'application/json': { schema: body }, 'application/x-www-form-urlencoded': { schema: body }, 'multipart/form-data': { schema: body } };
    out.requestBody = { required: true, content };
  }
  return out;
}

/**
 * The OpenAPI 3.1 document of a router, generated from its registered routes: paths and methods
 * as registered, parameters and request bodies from the zod schemas the routes validate with,
 * responses from the schemas the serializers are typed by. `serverUrl` is the mount point.
 *
 * @example
 * ```ts
 * const doc = createOpenApiDocument(createTicketingRouter({ ticketing, authenticate }), '/api/ticketing');
 * ```
 */
export function createOpenApiDocument(router: { routes: readonly RouterRoute[] }, serverUrl = ''): Json {
  const routes = documentedRoutes(router.routes);
  const components = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(RESPONSE_COMPONENTS)) components.add(schema, { id });
  for (const [id, schema] of Object.entries(OPTIONAL_COMPONENTS)) {
    if (routes.some((r) => r.operation.ok[1] === id)) components.add(schema, { id });
  }
  for (const { input } of routes) {
    if (input.body && !components.has(input.body.schema)) components.add(input.body.schema, { id: input.body.component });
  }
  const { schemas } = z.toJSONSchema(components, { ...conversion, uri: (id) => `#/components/schemas/${id}` }) as {
    schemas: Record<string, Json>;
  };
  for (const schema of Object.values(schemas)) delete schema.$schema;

  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method] = operation(route);

  return {
    openapi: '3.1.0',
    info: {
      title: 'Tessera ticketing API',
      version: '0.1.0',
      description: 'The REST API of an embeddable support-ticketing service, in the shapes of Django REST Framework.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
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
