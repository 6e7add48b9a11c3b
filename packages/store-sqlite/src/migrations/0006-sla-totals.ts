import { sql, type Kysely, type Migration } from 'kysely';
import { SLA_TARGET_COLUMNS, SLA_BREACH_AT_COLUMN, SLA_TOTALS_COLUMNS, slaTotalsConditions } from '@tessera/store-kysely';
import { sqliteDialect } from '../dialect.js';
import type { TableNames } from '../names.js';

const GROUP = 'status, priority_rank, category, unassigned';
// Columns whose change can move a ticket's SLA contribution (its group, or its clock state).
const WATCHED = [
  'status', 'priority_rank', 'category', 'assigned_to_id', SLA_BREACH_AT_COLUMN,
  ...Object.values(SLA_TARGET_COLUMNS).flatMap((c) => [c.clock, c.due, c.breached]),
];

/** Whether a row (`new`/`old`) counts in any SLA counter; rows without SLA skip the triggers. */
function hasSla(row: 'new' | 'old'): string {
  return Object.values(slaTotalsConditions(sqliteDialect, `${row}.`)).map((c) => `(${c})`).join(' OR ');
}

/** Trigger statement adding (`+`) or removing (`-`) one row's SLA counters in its group. */
function addSlaCounts(n: TableNames, row: 'new' | 'old', sign: '+' | '-'): string {
  const conditions = slaTotalsConditions(sqliteDialect, `${row}.`);
  return `INSERT INTO ${n.ticket_counts} (${GROUP}, tickets, resolved, resolution_ms, ${SLA_TOTALS_COLUMNS.join(', ')})
     VALUES (${row}.status, ${row}.priority_rank, ${row}.category, ${row}.assigned_to_id IS NULL, 0, 0, 0,
       ${SLA_TOTALS_COLUMNS.map((c) => `${sign}(${conditions[c]})`).join(', ')})
     ON CONFLICT DO UPDATE SET ${SLA_TOTALS_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')};`;
}

/**
 * SLA counters in the running totals: per group, recorded breaches ("breached now" minus the
 * unrecorded past-due range) and tickets per target clock state, so the breached count and the SLA
 * statistics read a few hundred rows instead of every matching ticket. Kept by their own
 * triggers (the existing ones keep counting tickets and days); existing tickets are backfilled.
 */
const up = (n: TableNames): string[] => {
  const conditions = slaTotalsConditions(sqliteDialect);
  return [
    ...SLA_TOTALS_COLUMNS.map((c) => `ALTER TABLE ${n.ticket_counts} ADD COLUMN ${c} INTEGER NOT NULL DEFAULT 0`),
    `CREATE TRIGGER tickets_sla_counts_insert AFTER INSERT ON ${n.tickets} WHEN ${hasSla('new')} BEGIN
       ${addSlaCounts(n, 'new', '+')}
     END`,
    `CREATE TRIGGER tickets_sla_counts_delete AFTER DELETE ON ${n.tickets} WHEN ${hasSla('old')} BEGIN
       ${addSlaCounts(n, 'old', '-')}
     END`,
    `CREATE TRIGGER tickets_sla_counts_update AFTER UPDATE OF ${WATCHED.join(', ')} ON ${n.tickets}
       WHEN ${hasSla('old')} OR ${hasSla('new')} BEGIN
       ${addSlaCounts(n, 'old', '-')}
       ${addSlaCounts(n, 'new', '+')}
     END`,
    // WHERE true: an upsert's SELECT needs a WHERE for the parser to tell ON CONFLICT from a join.
    `INSERT INTO ${n.ticket_counts} (${GROUP}, tickets, resolved, resolution_ms, ${SLA_TOTALS_COLUMNS.join(', ')})
       SELECT status, priority_rank, category, assigned_to_id IS NULL, 0, 0, 0,
         ${SLA_TOTALS_COLUMNS.map((c) => `sum(${conditions[c]})`).join(', ')}
       FROM ${n.tickets} WHERE true GROUP BY 1, 2, 3, 4
       ON CONFLICT DO UPDATE SET ${SLA_TOTALS_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`,
  ];
};

async function run(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** SLA counters in `ticket_counts` under table names `n`. */
export const slaTotals = (n: TableNames): Migration => ({
  up: (db) => run(db, up(n)),
  async down(db) {
    await run(db, [
      'DROP TRIGGER tickets_sla_counts_insert',
      'DROP TRIGGER tickets_sla_counts_delete',
      'DROP TRIGGER tickets_sla_counts_update',
      ...SLA_TOTALS_COLUMNS.map((c) => `ALTER TABLE ${n.ticket_counts} DROP COLUMN ${c}`),
    ]);
  },
});
