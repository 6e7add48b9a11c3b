import type { Migration } from 'kysely';
import { tableNames, type TableNames } from '../names.js';
import { init } from './0001-init.js';
import { tablePrefix } from './0002-table-prefix.js';
import { webhooks } from './0003-webhooks.js';
import { revocableTokensAndSessions } from './0004-revocable-tokens-and-sessions.js';
import { slaTables } from './0005-sla.js';
import { slaTotals } from './0006-sla-totals.js';
import { durationPercentiles } from './0008-duration-percentiles.js';
import { searchShortTerms } from './0007-search-short-terms.js';
import { outboxRowids } from './0009-outbox-rowids.js';
import { windowStatisticsSla } from './0010-window-stats-sla.js';
import { wordIndex } from './0011-word-index.js';
import { searchIndexMerging } from './0012-search-index-merging.js';

/**
 * Every migration this version knows for the tables named `n`, by name; names sort in the order
 * they apply. A static record (no directory scan), so bundling cannot lose a migration.
 */
export function migrationsFor(n: TableNames): Readonly<Record<string, Migration>> {
  return {
    '0001-init': init(n),
    '0002-table-prefix': tablePrefix(n),
    '0003-webhooks': webhooks(n),
    '0004-revocable-tokens-and-sessions': revocableTokensAndSessions(n),
    '0005-sla': slaTables(n),
    '0006-sla-totals': slaTotals(n),
    '0008-duration-percentiles': durationPercentiles(n),
    '0007-search-short-terms': searchShortTerms(n),
    '0009-outbox-rowids': outboxRowids(n),
    '0010-window-stats-sla': windowStatisticsSla(n),
    '0011-word-index': wordIndex(n),
    '0012-search-index-merging': searchIndexMerging(n),
  };
}

/** The migrations for the default table prefix (`tessera_`). */
export const MIGRATIONS: Readonly<Record<string, Migration>> = migrationsFor(tableNames());

/** Name of Tessera's own migration bookkeeping table under the default prefix. */
export const MIGRATION_TABLE = tableNames().migrations;
