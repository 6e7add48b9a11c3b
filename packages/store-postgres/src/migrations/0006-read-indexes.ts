import { sql, type Kysely, type Migration } from 'kysely';
import { SEARCH_DOCUMENT_SQL, SEARCH_SEPARATOR_CLASS } from '../queries/search.js';

/** The quoted schema holding pg_trgm's operator classes (0001 created the extension). */
async function trigramSchema(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`
    select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname = 'pg_trgm'`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('pg_trgm is not installed.');
  return `"${schema.replaceAll('"', '""')}"`;
}

/**
 * Indexes for reads that used to visit most of the `tickets` table.
 *
 * 1. A word index for search. `tickets_words_idx` is a GIN index on the distinct words of the
 *    lower-cased search document (split on ASCII whitespace and punctuation): a term without
 *    such a character occurs in the document exactly when it occurs inside one of its words, so
 *    "the document has one of the vocabulary words containing the term" is an exact, index-only
 *    test (`&&` on a GIN array index needs no recheck). `search_vocabulary` holds every word ever
 *    indexed (never pruned: a stale word costs one empty index probe), with a trigram index that
 *    turns a term into the words containing it. It is kept by
 *    triggers in the writing transaction: a statement-level insert trigger (set-based, so bulk
 *    loads stay fast) and a row-level update trigger that fires only when a searched field
 *    changed. Existing tickets' words are added here.
 * 2. `tickets_created_window_idx`: creation time with every column the statistics (and their
 *    SLA block) read, so statistics over a creation-date window are an index-only scan of that
 *    range instead of a pass over the whole heap.
 */
export function readIndexes(schema: string): Migration {
  const s = `"${schema}"`;
  const doc = (row: string) => SEARCH_DOCUMENT_SQL.replace(/\b(ticket_number|subject|description|tags)\b/gu, `${row}.$1`);
  return {
    async up(db) {
      const trgm = await trigramSchema(db);
      const statements = [
        // Indexing an existing table takes minutes at a million tickets: lift the store's
        // per-statement budget for the rest of this (transactional) migration.
        `set local statement_timeout = 0`,
        // The vocabulary's DISTINCT and the GIN builds spill to disk at the default memory sizes.
        `set local work_mem = '128MB'`,
        `set local maintenance_work_mem = '256MB'`,
        // Sorted and distinct: vocabulary inserts take their row locks in one order (no deadlock
        // between two writers adding the same words). Declared PARALLEL RESTRICTED so a scan
        // testing it is never handed to parallel workers: the planner cannot estimate
        // `&& array(subquery)` and would otherwise start workers (hundreds of ms on a busy host)
        // for a rare term whose index scan takes under a millisecond.
        `create function ${s}.search_words(document text) returns text[]
           language sql immutable strict parallel restricted as $fn$
           select coalesce(array_agg(distinct w order by w), '{}')
           from regexp_split_to_table(document, '${SEARCH_SEPARATOR_CLASS}+') w where w <> ''
         $fn$`,
        `create table ${s}.search_vocabulary (word text primary key)`,
        `insert into ${s}.search_vocabulary (word)
           select distinct unnest(${s}.search_words(${SEARCH_DOCUMENT_SQL})) from ${s}.tickets`,
        `create index tickets_words_idx on ${s}.tickets using gin (${s}.search_words(${SEARCH_DOCUMENT_SQL}))`,
        `create index search_vocabulary_trgm_idx on ${s}.search_vocabulary using gin (word ${trgm}.gin_trgm_ops)`,
        `create function ${s}.tickets_vocabulary_insert() returns trigger language plpgsql as $fn$
         begin
           insert into ${s}.search_vocabulary (word)
           select distinct unnest(${s}.search_words(${doc('n')})) from new_rows n order by 1 on conflict do nothing;
           return null;
         end $fn$`,
        `create function ${s}.tickets_vocabulary_update() returns trigger language plpgsql as $fn$
         begin
           insert into ${s}.search_vocabulary (word)
           select unnest(${s}.search_words(${doc('new')})) order by 1 on conflict do nothing;
           return null;
         end $fn$`,
        `create trigger tickets_vocabulary_insert after insert on ${s}.tickets referencing new table as new_rows
           for each statement execute function ${s}.tickets_vocabulary_insert()`,
        `create trigger tickets_vocabulary_update after update of ticket_number, subject, description, tags on ${s}.tickets
           for each row when (old.ticket_number is distinct from new.ticket_number or old.subject is distinct from new.subject
             or old.description is distinct from new.description or old.tags is distinct from new.tags)
           execute function ${s}.tickets_vocabulary_update()`,
        `create index tickets_created_window_idx on ${s}.tickets (created_at)
           include (status, priority, category, assigned_to_id, created_by_id, due_date, resolved_at,
             sla_first_response_clock, sla_first_response_due_at, sla_first_response_breached,
             sla_resolution_clock, sla_resolution_due_at, sla_resolution_breached)`,
        `analyze ${s}.tickets`,
        `analyze ${s}.search_vocabulary`,
      ];
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
    async down(db) {
      const statements = [
        `drop index ${s}.tickets_created_window_idx`,
        `drop trigger tickets_vocabulary_insert on ${s}.tickets`,
        `drop trigger tickets_vocabulary_update on ${s}.tickets`,
        `drop function ${s}.tickets_vocabulary_insert()`,
        `drop function ${s}.tickets_vocabulary_update()`,
        `drop index ${s}.tickets_words_idx`,
        `drop table ${s}.search_vocabulary`,
        `drop function ${s}.search_words(text)`,
      ];
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}
