import { z } from 'zod';
import { parseDateTime, isDateInRange } from './dates.js';
import { MAX_ID } from './limits.js';
import { tagsInputSchema } from './tags.js';
import type { TicketFieldKind, TicketFieldSpec } from './ticket-fields.js';

// Lone UTF-16 surrogates and NUL cannot be stored by every database (Postgres rejects NUL).
const UNSAFE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

/** A coded refinement: the issue carries `params.code`, which `parseInput` turns into a `FieldIssue`. */
export function coded(code: string, extra: Record<string, string | number> = {}) {
  return { params: { code, ...extra } };
}

/** A string with no NUL and no lone surrogates, at most `max` characters. */
export function safeText(max: number) {
  return z
    .string()
    .max(max)
    .refine((s) => !UNSAFE_TEXT.test(s), coded('unsafe_text'));
}

/** Text that must hold something besides whitespace (code `blank`). */
export function nonBlank<T extends z.ZodType<string>>(schema: T) {
  return schema.refine((s) => s.trim().length > 0, coded('blank'));
}

/** Positive integer id (users, customers, tickets). */
export const idSchema = z.number().int().positive().max(MAX_ID);

/** Non-negative hours, rounded to two decimals (the seed's decimal fields). */
export const hoursSchema = z
  .number()
  .finite()
  .min(0)
  .max(999_999.99)
  .transform((n) => Math.round(n * 100) / 100);

/** A date in the one date grammar (`parseDateTime`), or a `Date` within years 0001–9999. */
export const dateTimeSchema = z.union([
  z.date().refine(isDateInRange, coded('date_out_of_range')),
  z.string().transform((s, ctx) => {
    const parsed = parseDateTime(s);
    if (parsed.ok) return parsed.date;
    ctx.addIssue({ code: 'custom', input: s, params: { code: parsed.issue.code, ...parsed.issue.params } });
    return z.NEVER;
  }),
]);

/** Input schema of one field kind (before optionality); `categories` constrains `'categories'` codes. */
export function kindSchema(spec: TicketFieldSpec, categories?: readonly string[]): z.ZodType {
  const byKind: Record<TicketFieldKind, () => z.ZodType> = {
    text: () => {
      const base = safeText(spec.maxLength ?? 1000);
      const trimmed = spec.trim ? base.trim() : base;
      return spec.required ? nonBlank(trimmed) : trimmed;
    },
    code: () => {
      const choices = spec.choices === 'categories' ? categories : spec.choices;
      return choices ? z.enum(choices as [string, ...string[]]) : z.string().min(1).max(50);
    },
    id: () => idSchema,
    integer: () => z.number().int(),
    timestamp: () => dateTimeSchema,
    decimal: () => hoursSchema,
    tags: () => tagsInputSchema,
    boolean: () => z.boolean(),
  };
  return byKind[spec.kind]();
}

/** One field's input schema: nullable when the field is, optional unless `required`. */
export function fieldInputSchema(spec: TicketFieldSpec, options: { required: boolean; categories?: readonly string[] }): z.ZodType {
  let schema = kindSchema(spec, options.categories);
  // Tags accept null (= no tags) although the stored list is never null.
  if (spec.nullable) schema = schema.nullable();
  return options.required ? schema : schema.optional();
}
