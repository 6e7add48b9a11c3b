import { sql, type Kysely, type RawBuilder } from 'kysely';
import { ConflictError, type NewSlaPolicy, type SlaStore } from '@tessera/core';
import type { SqlConnection, SqlRunner } from './runner.js';
import { coalesceReads } from './coalesce.js';
import { calendarValues, policyValues, toCalendar, toPolicy, type CalendarRow, type PolicyRow } from './sla-rows.js';

/**
 * What differs between databases for the calendar and policy SQL (the statements themselves are
 * written once, here).
 */
export interface SlaSqlDialect {
  /** Compiles the statements (the dialect's SQL flavour and placeholders); never executes. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- table names are the dialect's, not a static schema
  readonly builder: Kysely<any>;
  readonly tables: { readonly calendars: string; readonly policies: string };
  /** A JSON document (as text) bound for a JSON column: the text itself (SQLite) or cast to `jsonb` (PostgreSQL). */
  json(text: string): unknown;
  /**
   * Whether a write transaction must lock rows and tables it reads before writing (PostgreSQL at
   * READ COMMITTED), or already holds the whole database from its start (SQLite `BEGIN IMMEDIATE`).
   */
  readonly lockForUpdate: boolean;
}

/** Access to the database for the shared SLA SQL, supplied by a store adapter. */
export interface SlaDatabase extends SqlConnection {
  readonly dialect: SlaSqlDialect;
  /**
   * Optional: a cheap value that changes whenever another connection may have committed (SQLite's
   * `PRAGMA data_version`, tagged with the connection it was read on). When given, the calendar and
   * policy lists are kept in memory and read again only after it changes or after this store
   * wrote: every create and every staff view reads them, and they change rarely.
   */
  changeToken?(): Promise<unknown>;
}

const CALENDAR_COLUMNS = ['id', 'name', 'timezone', 'hours', 'holidays'] as const;
const POLICY_COLUMNS = ['id', 'name', 'position', 'match', 'calendar_id', 'pause_statuses', 'targets'] as const;

/**
 * Business calendars and SLA policies over any SQL database the adapter describes with a
 * {@link SlaDatabase}. (Breach recording runs in ticket transactions: see `createSlaBreachQueries`.)
 */
export function createSqlSlaStore(database: SlaDatabase): SlaStore {
  const d = database.dialect;
  const db = d.builder;
  const { calendars, policies } = d.tables;
  const rows = async <R>(runner: SqlRunner, query: { compile(): Parameters<SqlRunner['rows']>[0] }) => runner.rows<R>(query.compile());
  const reading: SqlConnection['run'] = (database.read ?? database.run).bind(database);
  const read = <R>(query: { compile(): Parameters<SqlRunner['rows']>[0] }) => reading((r) => rows<R>(r, query));
  const write = <R>(query: { compile(): Parameters<SqlRunner['rows']>[0] }) => database.run((r) => rows<R>(r, query));
  const calendarColumns = (c: ReturnType<typeof calendarValues>) => ({ ...c, hours: d.json(c.hours), holidays: d.json(c.holidays) });
  const policyColumns = (v: ReturnType<typeof policyValues>) => ({
    ...v,
    match: d.json(v.match),
    pause_statuses: d.json(v.pause_statuses),
    targets: d.json(v.targets),
  });
  const lockTable = (table: string): RawBuilder<unknown> | null =>
    d.lockForUpdate ? sql`LOCK TABLE ${sql.table(table)} IN SHARE ROW EXCLUSIVE MODE` : null;

  const cached = listCache(database.changeToken?.bind(database));
  const listCalendars = cached(async () =>
    (await read<CalendarRow>(db.selectFrom(calendars).select(CALENDAR_COLUMNS).orderBy('id'))).map(toCalendar),
  );
  const listPolicies = cached(async () =>
    (await read<PolicyRow>(db.selectFrom(policies).select(POLICY_COLUMNS).orderBy('position').orderBy('id'))).map(toPolicy),
  );
  const token = database.changeToken?.bind(database);
  const store: SlaStore = {
    ...(token && {
      // One change check for both lists.
      listPoliciesAndCalendars: async () => {
        const current = await token();
        return { policies: await listPolicies.at(current), calendars: await listCalendars.at(current) };
      },
    }),
    listCalendars,
    async getCalendar(id) {
      const [row] = await read<CalendarRow>(db.selectFrom(calendars).select(CALENDAR_COLUMNS).where('id', '=', id));
      return row ? toCalendar(row) : null;
    },
    async insertCalendar(c) {
      const query = db.insertInto(calendars).values(calendarColumns(calendarValues(c))).returning(CALENDAR_COLUMNS);
      const [row] = await write<CalendarRow>(query);
      return toCalendar(row!);
    },
    async updateCalendar(id, c) {
      const query = db.updateTable(calendars).set(calendarColumns(calendarValues(c))).where('id', '=', id).returning(CALENDAR_COLUMNS);
      const [row] = await write<CalendarRow>(query);
      return row ? toCalendar(row) : null;
    },
    deleteCalendar: (id) =>
      database.transaction(async (runner) => {
        const found = db.selectFrom(calendars).select('id').where('id', '=', id);
        // Held until commit, so no policy can start using the calendar between the check and the delete.
        if ((await rows(runner, d.lockForUpdate ? found.forUpdate() : found)).length === 0) return false;
        const [user] = await rows<{ id: number; name: string }>(
          runner,
          db.selectFrom(policies).select(['id', 'name']).where('calendar_id', '=', id).orderBy('id').limit(1),
        );
        if (user) throw new ConflictError(`Calendar ${id} is used by SLA policy ${user.id} ("${user.name}").`);
        await rows(runner, db.deleteFrom(calendars).where('id', '=', id));
        return true;
      }),
    listPolicies,
    async getPolicy(id) {
      const [row] = await read<PolicyRow>(db.selectFrom(policies).select(POLICY_COLUMNS).where('id', '=', id));
      return row ? toPolicy(row) : null;
    },
    insertPolicy: (p: NewSlaPolicy) =>
      database.transaction(async (runner) => {
        let position = p.position;
        if (position === undefined) {
          // Serializes "put it last" between concurrent creators.
          const lock = lockTable(policies);
          if (lock) await runner.rows(lock.compile(db));
          const [last] = await rows<{ p: number | string }>(
            runner,
            db.selectFrom(policies).select(sql<number>`coalesce(max(position) + 1, 0)`.as('p')),
          );
          position = Number(last!.p);
        }
        const query = db
          .insertInto(policies)
          .values({ ...policyColumns(policyValues(p)), position })
          .returning(POLICY_COLUMNS);
        const [row] = await rows<PolicyRow>(runner, query);
        return toPolicy(row!);
      }),
    async updatePolicy(id, p) {
      const columns = { ...policyColumns(policyValues(p)), ...(p.position !== undefined && { position: p.position }) };
      const [row] = await write<PolicyRow>(db.updateTable(policies).set(columns).where('id', '=', id).returning(POLICY_COLUMNS));
      return row ? toPolicy(row) : null;
    },
    async deletePolicy(id) {
      return (await write(db.deleteFrom(policies).where('id', '=', id).returning('id'))).length > 0;
    },
  };
  return cached.invalidatingWrites(store, ['listCalendars', 'getCalendar', 'listPolicies', 'getPolicy', 'listPoliciesAndCalendars']);
}

/** A cached list: read it (checking the change token first), or read it as of a token already read. */
type CachedList<T> = (() => Promise<T[]>) & { at(token: unknown): Promise<T[]> };

type Cached = (<T extends object>(load: () => Promise<T[]>) => CachedList<T>) & {
  /** The store with every method not named in `reads` dropping the cached lists once it settles. */
  invalidatingWrites(store: SlaStore, reads: readonly (keyof SlaStore)[]): SlaStore;
};

/**
 * Lists kept until the database's change token moves or this store writes. A write bumps the local
 * generation after it settles (committed or not), so a list read while it ran is never kept as current.
 * The lists are frozen: every caller shares them.
 */
function listCache(changeToken: (() => Promise<unknown>) | undefined): Cached {
  let generation = 0;
  const cached = (<T extends object>(load: () => Promise<T[]>): CachedList<T> => {
    if (!changeToken) {
      // Nothing to tell a stale list by: read every time, but concurrent callers share reads.
      const shared = coalesceReads(async () => deepFreeze(await load()));
      return Object.assign(() => shared(undefined), { at: () => shared(undefined) });
    }
    let entry: { token: unknown; generation: number; value: readonly T[] } | null = null;
    const at = async (token: unknown) => {
      const current = generation;
      if (entry && entry.token === token && entry.generation === current) return entry.value as T[];
      const value = deepFreeze(await load());
      entry = { token, generation: current, value };
      return value;
    };
    return Object.assign(async () => at(await changeToken()), { at });
  }) as Cached;
  cached.invalidatingWrites = (store, reads) => {
    if (!changeToken) return store;
    const out = { ...store } as Record<string, unknown>;
    for (const [name, method] of Object.entries(store)) {
      if (reads.includes(name as keyof SlaStore) || typeof method !== 'function') continue;
      out[name] = async (...args: unknown[]) => {
        try {
          return await (method as (...a: unknown[]) => Promise<unknown>).apply(store, args);
        } finally {
          generation++;
        }
      };
    }
    return out as unknown as SlaStore;
  };
  return cached;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
