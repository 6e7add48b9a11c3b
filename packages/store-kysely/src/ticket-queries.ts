import type { CompiledQuery } from 'kysely';
import { ConflictError, NotFoundError, type NewTicket, type Ticket, type TicketPatch } from '@tessera/core';
import { after, fixedQuery, mapErrors, type MaybePromise, type SharedQuerySetup, type SqlRunner } from './runner.js';
import { createTicketRowCodec } from './ticket-row.js';

/** The port's per-ticket operations, each run on the connection of the runner it is given. */
export interface TicketQueries {
  getTicket(run: SqlRunner, id: number): MaybePromise<Ticket | null>;
  /** Reads the ticket and holds it until the transaction ends (`FOR UPDATE` where the dialect needs it). */
  lockTicket(run: SqlRunner, id: number): MaybePromise<Ticket | null>;
  /**
   * Next value of the gapless ticket counter. The UPDATE write-locks the counter row until the
   * transaction ends, so creators allocate, insert and commit one after another: values are unique
   * and strictly increasing in commit order, and a rollback gives the value back.
   */
  allocateTicketSequence(run: SqlRunner): MaybePromise<number>;
  /** Inserts a ticket and returns it as stored; a taken ticket number is a `ConflictError`. */
  insertTicket(run: SqlRunner, ticket: NewTicket): MaybePromise<Ticket>;
  /**
   * The INSERT of a ticket whose `id` the caller already drew, and the ticket as that row reads
   * back: a store can send the statement later (with its COMMIT) and answer the caller now. Only
   * for dialects whose codecs store values as given (the read-back is decoded from the encoded row).
   */
  presetInsert(id: number, ticket: NewTicket): { query: CompiledQuery; ticket: Ticket };
  /**
   * Writes only the patched columns (so concurrent patches of different fields keep each other's
   * values) and returns the stored row; `NotFoundError` when the ticket is gone.
   */
  updateTicket(run: SqlRunner, id: number, patch: TicketPatch): MaybePromise<Ticket>;
  /** Deletes the ticket; comments, attachment rows and history go by `ON DELETE CASCADE`. */
  deleteTicket(run: SqlRunner, id: number): MaybePromise<void>;
}

/** Builds the ticket operations for one store from its dialect and table names. */
export function createTicketQueries({ dialect, builder: db, tables }: SharedQuerySetup): TicketQueries {
  const rows = createTicketRowCodec(dialect.codecs);
  const toTicket = (row: Record<string, unknown>) => rows.toTicket(row);
  const byId = db.selectFrom(tables.tickets).select(rows.selectColumns).where('id', '=', 0);
  const getSql = fixedQuery(byId.compile());
  const lockSql = fixedQuery((dialect.lockForUpdate ? byId.forUpdate() : byId).compile());
  const sequenceSql = db
    .updateTable(tables.counters)
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', tables.ticketSequenceKey)
    .returning('value')
    .compile();
  const placeholderRow = Object.fromEntries(rows.insertColumns.map((c) => [c, null]));
  const insertSql = fixedQuery(db.insertInto(tables.tickets).values(placeholderRow).returning(rows.selectColumns).compile());
  const presetSql = fixedQuery(db.insertInto(tables.tickets).values({ id: 0, ...placeholderRow }).compile());
  const deleteSql = fixedQuery(db.deleteFrom(tables.tickets).where('id', '=', 0).compile());

  const first = (run: SqlRunner, query: Parameters<SqlRunner['rows']>[0]) =>
    after(run.rows<Record<string, unknown>>(query), (found) => (found.length > 0 ? toTicket(found[0]!) : null));
  const getTicket = (run: SqlRunner, id: number) => first(run, getSql([id]));

  return {
    getTicket,
    lockTicket: (run, id) => first(run, lockSql([id])),
    allocateTicketSequence(run) {
      return after(run.rows<{ value: number | string }>(sequenceSql), ([row]) => {
        if (!row) throw new Error('the ticket sequence row is missing (database not migrated?)');
        return Number(row.value);
      });
    },
    insertTicket(run, ticket) {
      const inserted = mapErrors(
        () => run.rows<Record<string, unknown>>(insertSql(rows.insertValues(ticket))),
        (error) => {
          if (dialect.isUniqueViolation(error)) throw new ConflictError(`Ticket number ${ticket.ticketNumber} is already taken.`);
          throw error;
        },
      );
      return after(inserted, (found) => toTicket(found[0]!));
    },
    presetInsert(id, ticket) {
      const values = [id, ...rows.insertValues(ticket)];
      const stored = Object.fromEntries(['id', ...rows.insertColumns].map((column, i) => [column, values[i]]));
      return { query: presetSql(values), ticket: toTicket(stored) };
    },
    updateTicket(run, id, patch) {
      const columns = rows.patchColumns(patch);
      // An empty patch still has to report whether the ticket exists.
      const found =
        Object.keys(columns).length === 0
          ? getTicket(run, id)
          : first(run, db.updateTable(tables.tickets).set(columns).where('id', '=', id).returning(rows.selectColumns).compile());
      return after(found, (ticket) => {
        if (!ticket) throw new NotFoundError('ticket', id);
        return ticket;
      });
    },
    deleteTicket(run, id) {
      return after(run.rows(deleteSql([id])), () => undefined);
    },
  };
}
