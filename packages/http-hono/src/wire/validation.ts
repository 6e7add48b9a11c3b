import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { HttpError } from '../errors.js';

type Issue = z.core.$ZodIssue;

/** DRF's wording for the common zod issues; the rest keep zod's (or core's) message. */
function messageFor(issue: Issue & { input?: unknown }): string {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'This field is required.';
    if (issue.input === null) return 'This field may not be null.';
    if (issue.expected === 'number' || issue.expected === 'int') return 'A valid number is required.';
    if (issue.expected === 'boolean') return 'Must be a valid boolean.';
    if (issue.expected === 'string') return 'Not a valid string.';
    return `Expected ${issue.expected}.`;
  }
  if (issue.code === 'invalid_value') return `"${String(issue.input)}" is not a valid choice.`;
  if (issue.code === 'invalid_union') {
    if (issue.input === undefined) return 'This field is required.';
    const first = issue.errors[0]?.[0];
    return first ? messageFor(first as Issue & { input?: unknown }) : issue.message;
  }
  if (issue.code === 'too_big' && issue.origin === 'string') return `Ensure this field has no more than ${String(issue.maximum)} characters.`;
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1) return 'This field may not be blank.';
  return issue.message;
}

/** zod issues as DRF field errors: `{"field": ["message"]}`, `non_field_errors` for the object itself. */
export function issuesToFieldErrors(issues: readonly Issue[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    const head = issue.path[0];
    const key = typeof head === 'string' ? head : 'non_field_errors';
    (out[key] ??= []).push(messageFor(issue));
  }
  return out;
}

/** Django's `QueryDict.get`: a repeated parameter counts with its last value. */
function lastValues(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? v.at(-1) : v]));
}

/**
 * `zValidator` with DRF-shaped failures (400 `{"field": ["message"]}`).
 */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(
    target,
    schema,
    (result) => {
      if (result.success) return;
      // As in DRF, filters are checked before pagination: a bad page alone is 404 "Invalid page.".
      const issues = result.error.issues.filter((i) => !(target === 'query' && i.path[0] === 'page'));
      if (issues.length === 0) throw new HttpError(404, { detail: 'Invalid page.' });
      throw new HttpError(400, issuesToFieldErrors(issues));
    },
    {
      validationFunction: (s, value) =>
        (s as z.ZodType).safeParseAsync(target === 'query' ? lastValues(value) : value, { reportInput: true }) as never,
    },
  );
}
