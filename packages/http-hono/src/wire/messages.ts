import type { SlaErrorTree, SlaIssue } from '@tessera/core';

/**
 * DRF's English for core's coded validation issues. Core attaches a stable `code` and the values a
 * message mentions (`params`); the wire words them the way Django REST Framework's fields do. A
 * code without an entry keeps core's own (already English) message.
 */
const MESSAGES: Partial<Record<SlaIssue['code'], (p: Record<string, string | number>) => string>> = {
  required: () => 'This field is required.',
  blank: () => 'This field may not be blank.',
  unknown_time_zone: (p) => `"${p.value}" is not a valid time zone.`,
  unknown_priority: (p) => `"${p.value}" is not a valid choice.`,
  unknown_status: (p) => `"${p.value}" is not a valid choice.`,
  unknown_day: (p) => `"${p.value}" is not a day of the week; use mon, tue, wed, thu, fri, sat, sun.`,
  invalid_date: (p) => `Date has wrong format. Use one of these formats instead: YYYY-MM-DD (got "${p.value}").`,
};

/** One coded issue in the wire's words. */
export function wireMessage(issue: SlaIssue): string {
  const word = MESSAGES[issue.code];
  return word ? word(issue.params ?? {}) : issue.message;
}

/**
 * A nested core error tree as DRF renders nested serializers: keys renamed to wire names by
 * `rename` (which sees the core keys above it; e.g. `firstResponseMinutes` → `first_response_minutes`), messages in DRF's words.
 */
export function wireErrorTree(
  tree: SlaErrorTree,
  rename: (key: string, parents: readonly string[]) => string,
  parents: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, node] of Object.entries(tree)) {
    out[rename(key, parents)] = Array.isArray(node) ? node.map(wireMessage) : wireErrorTree(node, rename, [...parents, key]);
  }
  return out;
}
