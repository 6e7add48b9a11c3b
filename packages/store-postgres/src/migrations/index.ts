import type { Migration, MigrationProvider } from 'kysely';
import { init } from './0001-init.js';
import { webhooks } from './0002-webhooks.js';
import { revocableTokensAndSessions } from './0003-revocable-tokens-and-sessions.js';
import { sla } from './0004-sla.js';
import { slaTotals } from './0005-sla-totals.js';
import { readIndexes } from './0006-read-indexes.js';
import { outboxCursor } from './0007-outbox-cursor.js';
import { ticketDayCounts } from './0008-ticket-day-counts.js';
import { searchPairs } from './0009-search-pairs.js';
import { totalsVacuum } from './0010-totals-vacuum.js';

/**
 * Every migration this version of the package knows, in order. Static (no filesystem reads),
 * so bundling cannot lose them. Names sort in application order.
 */
export function tesseraMigrations(schema: string): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-init': init(schema),
    '0002-webhooks': webhooks(schema),
    '0003-revocable-tokens-and-sessions': revocableTokensAndSessions(schema),
    '0004-sla': sla(schema),
    '0005-sla-totals': slaTotals(schema),
    '0006-read-indexes': readIndexes(schema),
    '0007-outbox-cursor': outboxCursor(schema),
    '0008-ticket-day-counts': ticketDayCounts(schema),
    '0009-search-pairs': searchPairs(schema),
    '0010-totals-vacuum': totalsVacuum(schema),
  };
  return { getMigrations: async () => migrations };
}
