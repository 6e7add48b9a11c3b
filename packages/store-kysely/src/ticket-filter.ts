import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { priorityRank, TICKET_FIELDS, type TicketFilter, type TicketOrdering } from '@tessera/core';
import { slaConditions } from './sla-sql.js';
import type { StoreDialect } from './dialect.js';

/** Options of {@link ticketConditions}. */
export interface ConditionOptions {
  /** Table alias the conditions qualify columns with (`t` → `t.status`); none by default. */
  alias?: string;
  /**
   * Column references of the status/priority/category/unassigned terms, for dialects that steer
   * their planner by rewriting them (SQLite: `+t.status` keeps it off a weak index). Identity by default.
   */
  steer?: (qualifiedColumn: string) => string;
  /**
   * The column reference of the "breached now" term (`sla_breach_at`): SQLite's page queries write
   * it `+t.sla_breach_at` so the ordering index drives instead of a sort of every breached ticket;
   * counts leave it plain so they read the partial index. Identity by default.
   */
  steerSla?: (qualifiedColumn: string) => string;
}

/**
 * The SQL conditions (AND them) every store derives from a ticket filter — all eleven fields.
 * `false` flags and an empty search add nothing. What differs per database comes from the
 * dialect: the stored form of instants, the spelling of "overdue" its index matches, the search
 * predicate for the terms its index cannot serve, and whether priority is filtered by name or rank.
 */
export function ticketConditions(
  dialect: StoreDialect,
  filter: TicketFilter,
  now: Date,
  options: ConditionOptions = {},
): Expression<SqlBool>[] {
  const q = options.alias ? `${options.alias}.` : '';
  const ref = (column: string) => sql.raw(`${q}${column}`);
  const steered = (column: string) => sql.raw(options.steer ? options.steer(`${q}${column}`) : `${q}${column}`);
  const time = (date: Date) => dialect.time.encode(date);
  const out: Expression<SqlBool>[] = [];
  if (filter.status !== undefined) out.push(sql<SqlBool>`${steered('status')} = ${filter.status}`);
  if (filter.priority !== undefined) {
    out.push(
      dialect.priorityFilter === 'rank'
        ? sql<SqlBool>`${steered('priority_rank')} = ${priorityRank(filter.priority)}`
        : sql<SqlBool>`${steered('priority')} = ${filter.priority}`,
    );
  }
  if (filter.category !== undefined) out.push(sql<SqlBool>`${steered('category')} = ${filter.category}`);
  if (filter.customerId !== undefined) out.push(sql<SqlBool>`${ref('customer_id')} = ${filter.customerId}`);
  if (filter.assignedToId !== undefined) out.push(sql<SqlBool>`${ref('assigned_to_id')} = ${filter.assignedToId}`);
  if (filter.createdById !== undefined) out.push(sql<SqlBool>`${ref('created_by_id')} = ${filter.createdById}`);
  if (filter.unassigned === true) out.push(sql<SqlBool>`${steered('assigned_to_id')} IS NULL`);
  if (filter.overdue === true) out.push(dialect.overdueCondition(q, now));
  if (filter.createdAfter !== undefined) out.push(sql<SqlBool>`${ref('created_at')} >= ${time(filter.createdAfter)}`);
  if (filter.createdBefore !== undefined) out.push(sql<SqlBool>`${ref('created_at')} <= ${time(filter.createdBefore)}`);
  if (filter.searchTerms?.length) out.push(...dialect.searchConditions(filter.searchTerms, q));
  out.push(...slaConditions(dialect, filter, now, q, options.steerSla));
  return out;
}

/** Sort columns of each ordering field (ties are broken by id). */
const ORDER_COLUMNS: Record<TicketOrdering['field'], string> = {
  created_at: 'created_at',
  updated_at: 'updated_at',
  due_date: 'due_date',
  priority: 'priority_rank',
  status: 'status',
  ticket_number: 'sequence',
  first_response_due_at: TICKET_FIELDS.slaFirstResponseDueAt.column,
  resolution_due_at: TICKET_FIELDS.slaResolutionDueAt.column,
};

// Ordering columns that may be NULL (missing values sort last ascending).
const NULLABLE_ORDER_COLUMNS = new Set(['due_date', TICKET_FIELDS.slaFirstResponseDueAt.column, TICKET_FIELDS.slaResolutionDueAt.column]);

/** The column an ordering sorts on (before `id`, which breaks ties). */
export function orderColumn(ordering: TicketOrdering): string {
  return ORDER_COLUMNS[ordering.field];
}

/**
 * ORDER BY terms of an ordering: its column, then id, in the ordering's direction. Missing due
 * dates sort after every date ascending and before every date descending: dialects whose
 * database sorts NULL first ascending get an explicit `(due_date IS NULL)` key in front.
 */
export function orderTerms(dialect: StoreDialect, ordering: TicketOrdering, alias?: string): RawBuilder<unknown>[] {
  const q = alias ? `${alias}.` : '';
  const dir = ordering.direction === 'desc' ? 'DESC' : 'ASC';
  const column = ORDER_COLUMNS[ordering.field];
  const keys = [`${q}${column}`, `${q}id`];
  if (NULLABLE_ORDER_COLUMNS.has(column) && dialect.nullsSortFirst) keys.unshift(`(${q}${column} IS NULL)`);
  return keys.map((key) => sql`${sql.raw(key)} ${sql.raw(dir)}`);
}
