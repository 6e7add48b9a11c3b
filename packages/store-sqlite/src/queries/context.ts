import type BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery, Kysely } from 'kysely';
import { createActivityQueries, createSlaBreachQueries, createTicketActivityQuery, createTicketQueries, type SqlRunner } from '@tessera/store-kysely';
import { sqliteDialect } from '../dialect.js';
import type { TableNames } from '../names.js';
import type { Database } from '../schema.js';

// Prepared statements are cached by SQL text. Dynamic list/statistics queries produce a bounded
// set of shapes (filters present × ordering), so the cache stays small; the cap is a safety net.
const MAX_CACHED_STATEMENTS = 500;

/**
 * What every query function needs: the connection, a Kysely builder over it, cached statements.
 * It is also the {@link SqlRunner} of the shared queries: it runs their compiled statements
 * synchronously through the statement cache.
 */
export class SqlContext implements SqlRunner {
  readonly #statements = new Map<string, BetterSqlite3.Statement>();
  readonly #built = new Map<(n: TableNames) => string, BetterSqlite3.Statement>();

  constructor(
    readonly db: BetterSqlite3.Database,
    readonly kysely: Kysely<Database>,
    /** This store's table names (under its prefix). */
    readonly names: TableNames,
  ) {
    const setup = {
      dialect: sqliteDialect,
      builder: kysely,
      tables: { ...names, counters: names.sequences, ticketSequenceKey: 'ticket' },
    };
    this.tickets = createTicketQueries(setup);
    this.activity = createActivityQueries(setup);
    this.ticketWithActivity = createTicketActivityQuery(setup);
    this.slaBreaches = createSlaBreachQueries(setup);
  }

  /** The shared ticket, activity and SLA breach operations, over this store's tables. */
  readonly tickets: ReturnType<typeof createTicketQueries>;
  readonly activity: ReturnType<typeof createActivityQueries>;
  readonly ticketWithActivity: ReturnType<typeof createTicketActivityQuery>;
  readonly slaBreaches: ReturnType<typeof createSlaBreachQueries>;

  /** Runs a compiled statement through the cache: its rows, or none for a statement without any. */
  rows<R>(query: CompiledQuery): R[] {
    const stmt = this.statement(query.sql);
    const parameters = query.parameters as unknown[];
    if (stmt.reader) return stmt.all(...parameters) as R[];
    stmt.run(...parameters);
    return [];
  }

  /** The prepared statement of a fixed SQL text written over the table names, prepared once. */
  prepared(build: (n: TableNames) => string): BetterSqlite3.Statement {
    let stmt = this.#built.get(build);
    if (!stmt) {
      stmt = this.db.prepare(build(this.names));
      this.#built.set(build, stmt);
    }
    return stmt;
  }

  /** `name as alias` for a Kysely `selectFrom` over one of this store's tables. */
  from<A extends string>(role: keyof TableNames, alias: A): `tickets as ${A}` {
    return `${this.names[role]} as ${alias}` as `tickets as ${A}`;
  }

  /** The prepared statement for `sql`, prepared once per connection. */
  statement(sql: string): BetterSqlite3.Statement {
    let stmt = this.#statements.get(sql);
    if (!stmt) {
      if (this.#statements.size >= MAX_CACHED_STATEMENTS) this.#statements.clear();
      stmt = this.db.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }

  /**
   * Runs several reads on one snapshot (a deferred read transaction in WAL mode), so a page and
   * its count, or the parts of the statistics, agree even while another process writes. Inside a
   * transaction already, just runs them.
   */
  snapshot<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    this.statement('BEGIN').run();
    this.#readingSnapshot = true;
    this.#snapshots++;
    try {
      return fn();
    } finally {
      this.#readingSnapshot = false;
      if (this.db.inTransaction) this.statement('COMMIT').run();
    }
  }

  #readingSnapshot = false;
  #snapshots = 0;

  /**
   * Which {@link snapshot} this read runs in (a number no other snapshot of this connection has),
   * or null outside one: reads in the same snapshot see the same database state.
   */
  get currentSnapshot(): number | null {
    return this.#readingSnapshot ? this.#snapshots : null;
  }

  /**
   * Whether a read now sees committed data only: outside any transaction, inside a read
   * {@link snapshot}, or on a read-only connection — not inside a write transaction, whose own
   * uncommitted rows it would see. What may be cached for later reads.
   */
  get seesCommittedOnly(): boolean {
    return !this.db.inTransaction || this.#readingSnapshot || this.db.readonly;
  }

  /** Runs a Kysely-compiled query and returns its rows. */
  all<R>(query: CompiledQuery): R[] {
    return this.statement(query.sql).all(...(query.parameters as unknown[])) as R[];
  }

  /** Runs a Kysely-compiled query and returns its first row. */
  first<R>(query: CompiledQuery): R | undefined {
    return this.statement(query.sql).get(...(query.parameters as unknown[])) as R | undefined;
  }
}
