import { expressionBuilder, sql, type Kysely, type RawBuilder } from 'kysely';
import type { TicketFilter } from '@tessera/core';
import { activeFilterKeys, TOTALS_DIMENSIONS } from '@tessera/store-kysely';
import { contributionColumns, TOTALS_GROUP, TOTALS_SUMS } from '../migrations/running-totals-sql.js';
import type { Database } from '../schema.js';
import { summaryConditions, type CountsContext } from './ticket-counts.js';
import { ticketFilter } from './ticket-filter.js';

const DAY_MS = 86_400_000;
/** Below this many whole days in a window, scanning its tickets is as cheap as the day rows. */
const MIN_WHOLE_DAYS = 3;
/** Day rows a read may sum before compacting its days, whatever the density. */
const MIN_ROWS = 1000;

/**
 * How statistics and list counts over a creation window use `ticket_day_counts`: the whole UTC days inside it come
 * from the day rows, the partial days at its ends (`edges`) from the tickets themselves.
 */
export interface DayWindowPlan {
  /** The filter's grouping dimensions (status, priority, category, unassigned). */
  groups: TicketFilter;
  /** First whole day (`YYYY-MM-DD`), or null for "from the first ticket". */
  firstDay: string | null;
  /** The day after the last whole day, or null for "to the last ticket". */
  endDay: string | null;
  /** Creation ranges read from the tickets: `[from, to)`, or `[from, to]` when `inclusive`. */
  edges: { from: Date; to: Date; inclusive: boolean }[];
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The plan for `filter` when it is a creation window, optionally with the totals' dimensions, that
 * spans at least a few whole days; null otherwise (the other paths serve it).
 */
export function dayWindowPlan(filter: TicketFilter): DayWindowPlan | null {
  const { createdAfter: after, createdBefore: before } = filter;
  if (after === undefined && before === undefined) return null;
  const allowed: readonly string[] = [...TOTALS_DIMENSIONS, 'createdAfter', 'createdBefore'];
  if (!activeFilterKeys(filter).every((key) => allowed.includes(key))) return null;
  // Whole days: from the first midnight at or after `after` to the last midnight at or before `before`.
  const first = after === undefined ? null : Math.ceil(after.getTime() / DAY_MS) * DAY_MS;
  const end = before === undefined ? null : Math.floor(before.getTime() / DAY_MS) * DAY_MS;
  if (first !== null && end !== null && end - first < MIN_WHOLE_DAYS * DAY_MS) return null;
  const edges: DayWindowPlan['edges'] = [];
  if (after !== undefined && first! > after.getTime()) edges.push({ from: after, to: new Date(first!), inclusive: false });
  if (before !== undefined) edges.push({ from: new Date(end!), to: before, inclusive: true });
  const { createdAfter: _a, createdBefore: _b, ...groups } = filter;
  return { groups, firstDay: first === null ? null : isoDay(first), endDay: end === null ? null : isoDay(end), edges };
}

/**
 * The rows to fold for a window plan, as one `union all` of the same columns (the totals' group and
 * sums, and `day`, null on edge rows): the day rows of its whole days and its edge tickets'
 * contributions, spelled as the triggers write them.
 */
export function dayWindowRows(db: Kysely<Database>, plan: DayWindowPlan, now: Date): RawBuilder<unknown> {
  const days = db
    .selectFrom('ticket_day_counts')
    .where((eb) =>
      eb.and([
        summaryConditions(eb as never, plan.groups),
        ...(plan.firstDay === null ? [] : [eb('day', '>=', sql<string>`${plan.firstDay}::date`)]),
        ...(plan.endDay === null ? [] : [eb('day', '<', sql<string>`${plan.endDay}::date`)]),
      ]),
    )
    .select([...TOTALS_GROUP, ...TOTALS_SUMS, sql<string>`day`.as('day')]);
  const columns = contributionColumns();
  const eb = expressionBuilder<Database, 'tickets'>();
  const edges = plan.edges.map((edge) =>
    db
      .selectFrom('tickets')
      .where(() =>
        eb.and([
          ticketFilter(eb, plan.groups, now),
          eb('created_at', '>=', edge.from),
          eb('created_at', edge.inclusive ? '<=' : '<', edge.to),
        ]),
      )
      .select([...[...TOTALS_GROUP, ...TOTALS_SUMS].map((c) => sql.raw(columns[c]).as(c)), sql<string>`null::date`.as('day')]),
  );
  return sql.join([days, ...edges], sql` union all `);
}

/** What a read of `dayWindowRows` reports for `compactDaysIfNeeded`: day rows summed, first and last day. */
export const DAY_ROWS_READ = [
  sql<number>`count(day)`.as('rows'),
  sql<string | null>`min(day)::text`.as('first_day'),
  sql<string | null>`max(day)::text`.as('last_day'),
];

/**
 * Folds the day deltas of the read's days together when it summed many more rows than a compacted
 * day holds (learned from this store's last compaction). `rowsRead` and the day span come from the read.
 */
export async function compactDaysIfNeeded(
  db: Kysely<Database>,
  read: { rows: number; firstDay: string | null; lastDay: string | null },
  ctx: CountsContext,
): Promise<void> {
  if (read.firstDay === null || read.lastDay === null) return;
  const days = (Date.parse(read.lastDay) - Date.parse(read.firstDay)) / DAY_MS + 1;
  if (read.rows <= Math.max(MIN_ROWS, 2 * ctx.days.rowsPerDay * days)) return;
  const end = isoDay(Date.parse(read.lastDay) + DAY_MS);
  const { rows } = await sql<{ left: number }>`select ${sql.id(ctx.schema, 'compact_ticket_day_counts')}(${read.firstDay}::date, ${end}::date) as left`.execute(db);
  ctx.days.rowsPerDay = Number(rows[0]?.left ?? 0) / days;
}
