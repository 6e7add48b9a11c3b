import { sql, type Kysely, type Selectable } from 'kysely';
import { NotFoundError, type NewTicket, type Page, type Ticket, type TicketPatch, type TicketQuery } from '@tessera/core';
import { orderTerms } from '@tessera/store-kysely';
import { postgresDialect } from '../dialect.js';
import type { Database, TicketsTable } from '../schema.js';
import { compactIfNeeded, countFromSummary, summaryAnswers, type CountsContext } from './ticket-counts.js';
import { ticketFilter } from './ticket-filter.js';
import { ticketInsert, ticketUpdate, toTicket } from './ticket-rows.js';

type Db = Kysely<Database>;

export async function getTicket(db: Db, id: number): Promise<Ticket | null> {
  const row = await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toTicket(row) : null;
}

/** `SELECT … FOR UPDATE`: concurrent lockers of the same ticket wait until this transaction ends. */
export async function lockTicket(db: Db, id: number): Promise<Ticket | null> {
  const row = await db.selectFrom('tickets').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row ? toTicket(row) : null;
}

/**
 * Next value of the gapless ticket counter. The UPDATE row-locks the counter until the
 * transaction ends, so creators run their allocate-insert-commit one after another: values are
 * unique and strictly increasing in commit order, and a rollback releases the value.
 */
export async function allocateTicketSequence(db: Db): Promise<number> {
  const row = await db
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', 'ticket_sequence')
    .returning('value')
    .executeTakeFirstOrThrow();
  return row.value;
}

export async function insertTicket(db: Db, ticket: NewTicket): Promise<Ticket> {
  const row = await db.insertInto('tickets').values(ticketInsert(ticket)).returningAll().executeTakeFirstOrThrow();
  return toTicket(row);
}

/** Writes only the patched columns (`version` and `updatedAt` included only when patched). */
export async function updateTicket(db: Db, id: number, patch: TicketPatch): Promise<Ticket> {
  // An empty patch still has to report whether the ticket exists.
  if (Object.keys(ticketUpdate(patch)).length === 0) {
    const current = await getTicket(db, id);
    if (!current) throw new NotFoundError('ticket', id);
    return current;
  }
  const row = await db
    .updateTable('tickets')
    .set(ticketUpdate(patch))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('ticket', id);
  return toTicket(row);
}

/** Deletes the ticket; comments, attachment rows and history go with it (ON DELETE CASCADE). */
export async function deleteTicket(db: Db, id: number): Promise<void> {
  await db.deleteFrom('tickets').where('id', '=', id).execute();
}

/**
 * One page of tickets and the number of matches, in one statement (one snapshot: the count always
 * agrees with the page). The page comes from an index walk; the count from `ticket_counts` when
 * the filter only uses its dimensions (counting hundreds of thousands of index entries would cost
 * tens of milliseconds), else from an indexed `count(*)`.
 */
export async function listTickets(db: Db, query: TicketQuery, ctx: CountsContext): Promise<Page<Ticket>> {
  const order = sql.join(orderTerms(postgresDialect, query.ordering), sql`, `);
  const base = db.selectFrom('tickets').where((eb) => ticketFilter(eb, query.filter, query.now));
  // Deferred join: pick the page's ids first (an index-only scan wherever an index covers the
  // filter, so skipped and filtered-out rows cost no heap reads), then fetch just those rows.
  const pageIds = base.select('id').orderBy(order).limit(query.page.limit).offset(query.page.offset);
  const fromSummary = summaryAnswers(query.filter);
  const counted = fromSummary
    ? countFromSummary(db, query.filter)
    : base.select((eb) => [eb.fn.countAll<number>().as('count'), sql<number>`0`.as('rows')]);
  const pageRows = db.selectFrom('tickets').selectAll().where('id', 'in', pageIds);
  const { rows } = await sql<Selectable<TicketsTable> & { page_total: number; summary_rows: number }>`
    select c.count as page_total, c.rows as summary_rows, p.* from ${counted} c
    left join lateral ${pageRows} p on true order by ${order}`.execute(db);
  if (fromSummary) await compactIfNeeded(db, rows[0]?.summary_rows ?? 0, ctx);
  return { count: rows[0]?.page_total ?? 0, rows: rows.filter((r) => r.id !== null).map(toTicket) };
}
