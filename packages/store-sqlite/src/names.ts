/** The default prefix of Tessera's SQLite tables (`tessera_tickets`, `tessera_users`, …). */
export const DEFAULT_TABLE_PREFIX = 'tessera_';

const PREFIX_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,30}$/u;

/** Tessera's SQLite tables by role. */
export interface TableNames {
  readonly tickets: string;
  readonly comments: string;
  readonly attachments: string;
  readonly history: string;
  readonly customers: string;
  readonly users: string;
  readonly api_tokens: string;
  readonly sequences: string;
  readonly migrations: string;
  readonly ticket_search: string;
  readonly ticket_counts: string;
  readonly ticket_days: string;
  readonly outbox: string;
  readonly outbox_cursor: string;
  readonly webhook_subscriptions: string;
  readonly webhook_attempts: string;
  readonly idempotency_keys: string;
  readonly admin_sessions: string;
  readonly sla_calendars: string;
  readonly sla_policies: string;
  /** The word index over ticket text (FTS5, whole ASCII words; migration 0011). */
  readonly ticket_words: string;
  /** Every word the word index has held, once each (its vocabulary, with a trigram index of its own). */
  readonly search_words: string;
  /** The trigram index over `search_words`: which words contain a term. */
  readonly search_words_trigrams: string;
  /** Tickets whose text changed and whose words are not yet in `search_words`. */
  readonly search_words_pending: string;
}

const ROLES = [
  'tickets', 'comments', 'attachments', 'history', 'customers', 'users', 'api_tokens', 'sequences', 'migrations',
  'ticket_search', 'ticket_counts', 'ticket_days', 'outbox', 'outbox_cursor', 'webhook_subscriptions', 'webhook_attempts', 'idempotency_keys', 'admin_sessions',
  'sla_calendars', 'sla_policies', 'ticket_words', 'search_words', 'search_words_trigrams', 'search_words_pending',
] as const;

/**
 * The table names under `prefix`. A host sharing the database file keeps its own `users` or
 * `tickets` tables: Tessera's all carry the prefix.
 * @throws Error when the prefix is not an identifier fragment (letters, digits, `_`; 31 at most).
 */
export function tableNames(prefix: string = DEFAULT_TABLE_PREFIX): TableNames {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new Error(`invalid table prefix ${JSON.stringify(prefix)}: use letters, digits and underscores`);
  }
  return Object.fromEntries(ROLES.map((role) => [role, `${prefix}${role}`])) as unknown as TableNames;
}

/** The names the releases before table prefixes used (what the prefix migration renames). */
export const LEGACY_TABLE_NAMES: TableNames = {
  ...(Object.fromEntries(ROLES.map((role) => [role, role])) as unknown as TableNames),
  sequences: 'tessera_sequences',
  migrations: 'tessera_migrations',
};
