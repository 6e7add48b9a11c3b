import type { z } from 'zod';
import { ValidationError, type FieldIssue, type FieldIssues, type ValidationCode } from '../errors.js';

type ZodIssue = z.core.$ZodIssue & { input?: unknown; params?: Record<string, unknown> };

/**
 * A zod issue as a coded {@link FieldIssue}: the one translation from zod to Tessera's codes,
 * shared by core and the adapters that validate with zod themselves.
 */
export function toFieldIssue(issue: ZodIssue): FieldIssue {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return { code: 'required' };
      if (input === null) return { code: 'null' };
      return { code: 'invalid_type', params: { expected: issue.expected === 'int' ? 'number' : issue.expected } };
    case 'invalid_value':
      return { code: 'invalid_choice', params: { input: String(input) } };
    case 'invalid_union': {
      if (input === undefined) return { code: 'required' };
      if (input === null) return { code: 'null' };
      // The branch that got past the type check says what is wrong (a string that is not a date).
      const branches = issue.errors.filter((b) => b.length > 0);
      const best = branches.find((b) => b[0]!.code !== 'invalid_type') ?? branches[0];
      return best ? toFieldIssue(best[0] as ZodIssue) : { code: 'invalid' };
    }
    case 'too_big':
      if (issue.origin === 'string') return { code: 'max_length', params: { max: Number(issue.maximum) } };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'max_items', params: { max: Number(issue.maximum) } };
      return { code: 'max_value', params: { max: Number(issue.maximum) } };
    case 'too_small':
      if (issue.origin === 'string') return { code: 'blank' };
      return { code: 'min_value', params: { min: Number(issue.minimum) } };
    case 'invalid_format':
      return issue.format === 'datetime' || issue.format === 'date'
        ? { code: 'invalid_datetime', params: { input: String(input) } }
        : { code: 'invalid', params: { message: issue.message } };
    case 'custom': {
      const { code, ...params } = issue.params ?? {};
      if (typeof code !== 'string') return { code: 'invalid', params: { message: issue.message } };
      return Object.keys(params).length > 0
        ? { code: code as ValidationCode, params: params as Record<string, string | number> }
        : { code: code as ValidationCode };
    }
    default:
      return { code: 'invalid', params: { message: issue.message } };
  }
}

/** zod issues keyed by top-level field (`nonFieldErrors` when the input itself is wrong). */
export function toFieldIssues(issues: readonly z.core.$ZodIssue[], rename: (key: string) => string = (k) => k): FieldIssues {
  const out: FieldIssues = {};
  for (const issue of issues) {
    const key = issue.path.length > 0 ? rename(String(issue.path[0])) : 'nonFieldErrors';
    (out[key] ??= []).push(toFieldIssue(issue as ZodIssue));
  }
  return out;
}

/** Parses `input` with `schema`; on failure, the issues of every offending field. */
export function tryParse<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.output<S> } | { ok: false; issues: FieldIssues } {
  const result = schema.safeParse(input, { reportInput: true });
  return result.success ? { ok: true, data: result.data } : { ok: false, issues: toFieldIssues(result.error.issues) };
}

/** Parses `input` with `schema`, turning zod issues into a {@link ValidationError} with codes. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = tryParse(schema, input);
  if (result.ok) return result.data;
  throw new ValidationError(result.issues);
}

/** Merges issue maps (later ones appended per field). */
export function mergeIssues(...maps: FieldIssues[]): FieldIssues {
  const out: FieldIssues = {};
  for (const map of maps) for (const [k, v] of Object.entries(map)) out[k] = [...(out[k] ?? []), ...v];
  return out;
}

/**
 * Parses each field of an object schema on its own, so that one bad field does not hide the
 * others' values: `data` holds every field that parsed, `issues` every one that did not.
 */
export function parseFields<T extends Record<string, unknown>>(
  schema: z.ZodObject,
  input: unknown,
): { data: Partial<T>; issues: FieldIssues } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { data: {}, issues: { nonFieldErrors: [{ code: 'invalid_type', params: { expected: 'object' } }] } };
  }
  const data: Record<string, unknown> = {};
  const issues: FieldIssues = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const result = (field as z.ZodType).safeParse((input as Record<string, unknown>)[key], { reportInput: true });
    if (result.success) {
      if (result.data !== undefined) data[key] = result.data;
    } else {
      issues[key] = result.error.issues.map((i) => toFieldIssue(i as ZodIssue));
    }
  }
  return { data: data as Partial<T>, issues };
}
