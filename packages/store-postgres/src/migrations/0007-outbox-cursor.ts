import { sql, type Migration } from 'kysely';

/**
 * Claims start at a cursor instead of an index of open events, so an outbox append writes the
 * table and its primary key only (it used to write the partial index `outbox_open_idx` too).
 * `outbox_cursor` holds one row: the lowest id that may be unacknowledged. Each claim first moves
 * it over the acknowledged events at its start (forward only; an event still leased stops it),
 * then walks the primary key from there. Ids keep following commit order (0002's advisory-lock
 * trigger), so no event can later appear below the cursor. `schema` is a validated identifier.
 */
export function outboxCursor(schema: string): Migration {
  const s = `"${schema}"`;
  return {
    async up(db) {
      for (const statement of [
        `create table ${s}.outbox_cursor (id integer primary key check (id = 1), open_from bigint not null)`,
        // Read through the open-events index before it goes.
        `insert into ${s}.outbox_cursor (id, open_from) values (1, coalesce(
           (select min(id) from ${s}.outbox where acked_at is null), (select max(id) + 1 from ${s}.outbox), 1))`,
        `drop index ${s}.outbox_open_idx`,
      ]) {
        await sql.raw(statement).execute(db);
      }
    },
    async down(db) {
      await sql.raw(`create index outbox_open_idx on ${s}.outbox (id) where acked_at is null`).execute(db);
      await sql.raw(`drop table ${s}.outbox_cursor`).execute(db);
    },
  };
}
