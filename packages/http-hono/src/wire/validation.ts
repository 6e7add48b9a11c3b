import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { toFieldIssues } from '@tessera/core';
import { HttpError } from '../errors.js';
import { isServiceValidated } from './bodies.js';
import { drfMessage } from './messages.js';

type Issue = z.core.$ZodIssue;

/**
 * zod issues as DRF field errors: `{"field": ["message"]}`, `non_field_errors` for the object
 * itself. Core turns each issue into a code; the message table words it.
 */
export function issuesToFieldErrors(issues: readonly Issue[], location: 'input' | 'query' = 'input'): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, list] of Object.entries(toFieldIssues(issues))) {
    const name = key === 'nonFieldErrors' ? 'non_field_errors' : key;
    out[name] = list.map((issue) => drfMessage(issue, location));
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
      throw new HttpError(400, issuesToFieldErrors(issues, target === 'query' ? 'query' : 'input'));
    },
    {
      validationFunction: async (s, value) => {
        const input = target === 'query' ? lastValues(value) : value;
        const result = await (s as z.ZodType).safeParseAsync(input, { reportInput: true });
        // Ticket writes are validated by the service, after it has checked the ticket is visible
        // (404 first) and together with the ids the body names (all problems in one 400).
        if (!result.success && isServiceValidated(schema)) return { success: true, data: input } as never;
        return result as never;
      },
    },
  );
}
