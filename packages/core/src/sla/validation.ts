import type { z } from 'zod';
import { ValidationError, type FieldErrors } from '../errors.js';

/**
 * One problem with one field: a stable `code` (for translations and clients), the values the
 * message mentions (`params`), and an English message in DRF's style.
 */
export interface SlaIssue {
  code: SlaIssueCode;
  params?: Record<string, string | number>;
  message: string;
}

/** Codes of {@link SlaIssue}. */
export type SlaIssueCode =
  | 'required'
  | 'invalid_type'
  | 'invalid'
  | 'blank'
  | 'max_length'
  | 'min_value'
  | 'max_value'
  | 'unknown_time_zone'
  | 'invalid_time'
  | 'interval_order'
  | 'interval_overlap'
  | 'invalid_date'
  | 'unknown_day'
  | 'unknown_priority'
  | 'unknown_status'
  | 'does_not_exist'
  | 'no_open_time';

/**
 * Errors nested like the input: object keys nest, list positions do not (the position is in the
 * issue's `params.index`), so `hours.mon[1]` reports under `{ hours: { mon: [...] } }`. This is the
 * shape DRF gives nested serializers, so the http layer can render it as is (after snake-casing keys).
 */
export interface SlaErrorTree {
  [key: string]: SlaIssue[] | SlaErrorTree;
}

/** Invalid calendar or policy input; `tree` holds the nested issues, `fields` the flat messages per top-level key. */
export class SlaValidationError extends ValidationError {
  constructor(readonly tree: SlaErrorTree) {
    super(flatten(tree));
  }
}

function flatten(tree: SlaErrorTree): FieldErrors {
  const out: FieldErrors = {};
  const collect = (node: SlaIssue[] | SlaErrorTree, into: string[]): void => {
    if (Array.isArray(node)) into.push(...node.map((i) => i.message));
    else for (const child of Object.values(node)) collect(child, into);
  };
  for (const [key, node] of Object.entries(tree)) collect(node, (out[key] = []));
  return out;
}

/** Zod `params` we attach to custom issues so they keep their code. */
export interface IssueParams {
  slaCode: SlaIssueCode;
  values?: Record<string, string | number>;
}

/** Adds a coded custom issue to a zod refinement context. */
export function addIssue(
  ctx: { addIssue(issue: { code: 'custom'; message: string; path?: PropertyKey[]; params?: object }): void },
  path: PropertyKey[],
  code: SlaIssueCode,
  message: string,
  values?: Record<string, string | number>,
): void {
  const params: IssueParams = values ? { slaCode: code, values } : { slaCode: code };
  ctx.addIssue({ code: 'custom', message, path, params });
}

function toIssue(issue: z.core.$ZodIssue): SlaIssue {
  const params = issue.code === 'custom' ? (issue.params as IssueParams | undefined) : undefined;
  const index = issue.path.find((p) => typeof p === 'number');
  const values = { ...(params?.values ?? {}), ...(index !== undefined && params?.values?.index === undefined ? { index } : {}) };
  const withValues = (code: SlaIssueCode, message: string): SlaIssue =>
    Object.keys(values).length > 0 ? { code, params: values, message } : { code, message };
  if (params) return withValues(params.slaCode, issue.message);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? withValues('required', 'This field is required.')
        : withValues('invalid_type', issue.message);
    case 'too_small':
      return issue.origin === 'string' ? withValues('blank', 'This field may not be blank.') : withValues('min_value', issue.message);
    case 'too_big':
      return withValues(issue.origin === 'string' ? 'max_length' : 'max_value', issue.message);
    default:
      return withValues('invalid', issue.message);
  }
}

/** Zod issues → {@link SlaErrorTree} (string path keys nest; numeric ones are dropped). */
export function issuesToTree(issues: readonly z.core.$ZodIssue[]): SlaErrorTree {
  const tree: SlaErrorTree = {};
  for (const issue of issues) {
    const keys = issue.path.filter((p): p is string => typeof p === 'string');
    if (keys.length === 0) keys.push('nonFieldErrors');
    let node: SlaErrorTree = tree;
    keys.forEach((key, i) => {
      const last = i === keys.length - 1;
      const existing = node[key];
      if (last) {
        const coded = toIssue(issue);
        if (existing === undefined) node[key] = [coded];
        else if (Array.isArray(existing)) existing.push(coded);
        else ((existing.nonFieldErrors ??= []) as SlaIssue[]).push(coded);
      } else {
        if (Array.isArray(existing)) {
          // A key holding both its own issues and nested ones: keep the nested ones next to `nonFieldErrors`.
          node[key] = { nonFieldErrors: existing };
        }
        node = (node[key] ??= {}) as SlaErrorTree;
      }
    });
  }
  return tree;
}

/** Parses `input` with `schema`, throwing {@link SlaValidationError} with nested, coded issues. */
export function parseSla<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw new SlaValidationError(issuesToTree(result.error.issues));
}
