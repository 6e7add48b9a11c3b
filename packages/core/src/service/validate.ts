import type { z } from 'zod';
import { ValidationError, type FieldErrors } from '../errors.js';

/**
 * Parses `input` with `schema`, turning zod issues into a {@link ValidationError} keyed by the
 * top-level field (`nonFieldErrors` when the input itself is wrong). Missing required fields get
 * DRF's wording, "This field is required.".
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'This field is required.' : undefined),
  });
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : 'nonFieldErrors';
    (fields[key] ??= []).push(issue.message);
  }
  throw new ValidationError(fields);
}
