import { sql, type CompiledQuery, type Expression, type Kysely, type SqlBool } from 'kysely';
import {
  TOKEN_LAST_USED_PRECISION_MS,
  ValidationError,
  type CustomerRecord,
  type DirectoryStore,
  type People,
  type UserRecord,
} from '@tessera/core';
import type { StoreDialect } from './dialect.js';
import { fixedQuery, type SqlConnection, type SqlRunner } from './runner.js';

/** The directory's tables, as names Kysely accepts (`schema.table` or a prefixed name). */
export interface DirectoryTableNames {
  readonly users: string;
  readonly customers: string;
  readonly tokens: string;
  readonly sessions: string;
}

/**
 * What differs between databases for the directory SQL (users, customers, API tokens, admin
 * sessions); the statements themselves are written once, here.
 */
export interface DirectorySqlDialect extends Pick<StoreDialect, 'time' | 'isUniqueViolation' | 'isForeignKeyViolation'> {
  /** Compiles the statements (the dialect's SQL flavour and placeholders); never executes. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- table names are the dialect's, not a static schema
  readonly builder: Kysely<any>;
  readonly tables: DirectoryTableNames;
  /**
   * `column` as compared case-insensitively with a {@link fold}ed value, by `=` or `LIKE`: the
   * column itself on SQLite (LIKE ignores ASCII case, the email column is `COLLATE NOCASE`),
   * `lower(column)` on PostgreSQL (what its unique email index is built on).
   */
  caseless(column: string): Expression<string>;
  /** A value folded to compare with a {@link caseless} column (as is on SQLite, lower-cased on PostgreSQL). */
  fold(text: string): string;
  /**
   * "`column` is one of the ids" with the ids bound as one parameter (see {@link idList}), so one
   * statement text serves any number of ids: `IN (SELECT value FROM json_each(?))` on SQLite,
   * whose prepared statements are cached by text; `= any(?)` on PostgreSQL.
   */
  inIdList(column: string, list: unknown): Expression<SqlBool>;
  /** The ids as that one parameter: JSON array text (SQLite), an array (PostgreSQL). */
  idList(ids: readonly number[]): unknown;
  /**
   * Whether two writes that need not be atomic together (drop a user's expired sessions, add a
   * new one) still share one transaction: yes on SQLite (one commit and one write-lock
   * acquisition instead of two), no on PostgreSQL (BEGIN and COMMIT would be two more round trips).
   */
  readonly groupWrites: boolean;
}

/** Access to the database for the shared directory SQL, supplied by a store adapter. */
export interface DirectoryDatabase extends SqlConnection {
  readonly dialect: DirectorySqlDialect;
}

interface UserRow {
  id: number;
  name: string;
  email: string;
  role: UserRecord['role'];
  customer_id: number | null;
  password_hash: string | null;
}

interface TokenRow {
  id: number;
  user_id: number;
  label: string;
  created_at: unknown;
  expires_at: unknown;
  last_used_at: unknown;
}

interface SessionRow {
  id_hash: string;
  user_id: number;
  token_hash: string | null;
  created_at: unknown;
  expires_at: unknown;
}

const USER_COLUMNS = ['id', 'name', 'email', 'role', 'customer_id', 'password_hash'] as const;
const CUSTOMER_COLUMNS = ['id', 'name', 'email'] as const;
const TOKEN_COLUMNS = ['id', 'user_id', 'label', 'created_at', 'expires_at', 'last_used_at'] as const;
const SESSION_COLUMNS = ['id_hash', 'user_id', 'token_hash', 'created_at', 'expires_at'] as const;

const toUser = (r: UserRow): UserRecord => ({ id: r.id, name: r.name, email: r.email, role: r.role, customerId: r.customer_id });

/** `%query%` for LIKE with escape character `\`: `\`, `%` and `_` in the query match literally. */
const containsPattern = (query: string) => `%${query.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;

/** A query compiled once and re-run with `arity` fresh parameters (checked, so the order cannot drift silently). */
function fixed(query: { compile(): CompiledQuery }, arity: number): (parameters: readonly unknown[]) => CompiledQuery {
  const compiled = query.compile();
  if (compiled.parameters.length !== arity) {
    throw new Error(`directory SQL: expected ${arity} parameters, compiled ${compiled.parameters.length}: ${compiled.sql}`);
  }
  return fixedQuery(compiled);
}

/**
 * The store-backed {@link DirectoryStore} over any SQL database the adapter describes with a
 * {@link DirectoryDatabase}. The per-request lookups (token and session auth, users and customers
 * of a ticket) are compiled once, so each is one statement with no building per call.
 */
export function createSqlDirectory(database: DirectoryDatabase): DirectoryStore {
  const d = database.dialect;
  const db = d.builder;
  const { users, customers, tokens, sessions } = d.tables;
  const rows = <R>(runner: SqlRunner, query: CompiledQuery) => runner.rows<R>(query);
  const reading: SqlConnection['run'] = (database.read ?? database.run).bind(database);
  const read = <R>(query: CompiledQuery) => reading(async (r) => r.rows<R>(query));
  const write = <R>(query: CompiledQuery) => database.run(async (r) => r.rows<R>(query));
  const time = (value: unknown) => d.time.decode(value) as Date;
  const timeOrNull = (value: unknown) => (value === null || value === undefined ? null : time(value));
  const encodeTime = (value: Date) => d.time.encode(value);
  const toToken = (r: TokenRow) => ({
    id: r.id,
    userId: r.user_id,
    label: r.label,
    createdAt: time(r.created_at),
    expiresAt: timeOrNull(r.expires_at),
    lastUsedAt: timeOrNull(r.last_used_at),
  });
  const matching = (query: string) => {
    const pattern = containsPattern(d.fold(query));
    return sql<SqlBool>`(${d.caseless('name')} like ${pattern} escape '\\' or ${d.caseless('email')} like ${pattern} escape '\\')`;
  };

  const noIds = d.idList([]);
  const usersSql = fixed(db.selectFrom(users).select(USER_COLUMNS).where(d.inIdList('id', noIds)), 1);
  const customersSql = fixed(db.selectFrom(customers).select(CUSTOMER_COLUMNS).where(d.inIdList('id', noIds)), 1);
  // Both kinds in one statement (one read, one snapshot): the rows say which table they came from.
  const peopleSql = fixed(
    db
      .selectFrom(users)
      .select([...USER_COLUMNS, sql<'u' | 'c'>`'u'`.as('kind')])
      .where(d.inIdList('id', noIds))
      .unionAll(
        db
          .selectFrom(customers)
          .select([...CUSTOMER_COLUMNS, sql<null>`NULL`.as('role'), sql<null>`NULL`.as('customer_id'), sql<null>`NULL`.as('password_hash'), sql<'u' | 'c'>`'c'`.as('kind')])
          .where(d.inIdList('id', noIds)),
      ),
    2,
  );
  const userByTokenSql = fixed(
    db
      .selectFrom(`${tokens} as k`)
      .innerJoin(`${users} as u`, 'u.id', 'k.user_id')
      .select([...USER_COLUMNS.map((c) => `u.${c}` as const), 'k.last_used_at'])
      .where('k.token_hash', '=', '')
      .where((eb) => eb.or([eb('k.expires_at', 'is', null), eb('k.expires_at', '>', encodeTime(new Date(0)))])),
    2,
  );
  const touchTokenSql = fixed(db.updateTable(tokens).set({ last_used_at: encodeTime(new Date(0)) }).where('token_hash', '=', ''), 2);
  const sessionSql = fixed(db.selectFrom(sessions).select(SESSION_COLUMNS).where('id_hash', '=', ''), 1);
  const deleteSessionSql = fixed(db.deleteFrom(sessions).where('id_hash', '=', ''), 1);
  const idParameter = (ids: readonly number[]) => d.idList(ids.filter((id) => Number.isSafeInteger(id)));
  const writes = d.groupWrites ? database.transaction.bind(database) : database.run.bind(database);

  return {
    getUsers: async (ids) => (ids.length === 0 ? [] : (await read<UserRow>(usersSql([idParameter(ids)]))).map(toUser)),
    getCustomers: async (ids) => (ids.length === 0 ? [] : read<CustomerRecord>(customersSql([idParameter(ids)]))),
    async getPeople(ids) {
      const rows = await read<UserRow & { kind: 'u' | 'c' }>(peopleSql([idParameter(ids.users), idParameter(ids.customers)]));
      const people: People = { users: [], customers: [] };
      for (const row of rows) {
        if (row.kind === 'u') people.users.push(toUser(row));
        else people.customers.push({ id: row.id, name: row.name, email: row.email });
      }
      return people;
    },
    async searchUsers(query, { limit, role }) {
      let q = db.selectFrom(users).select(USER_COLUMNS).where(matching(query));
      if (role) q = q.where('role', '=', role);
      return (await read<UserRow>(q.orderBy('name').orderBy('id').limit(limit).compile())).map(toUser);
    },
    searchCustomers: (query, { limit }) =>
      read<CustomerRecord>(db.selectFrom(customers).select(CUSTOMER_COLUMNS).where(matching(query)).orderBy('name').orderBy('id').limit(limit).compile()),
    async addCustomer({ name, email }) {
      const [row] = await write<CustomerRecord>(db.insertInto(customers).values({ name, email }).returning(CUSTOMER_COLUMNS).compile());
      return row!;
    },
    addUser: (input) =>
      database.run(async (runner) => {
        const values = {
          name: input.name,
          email: input.email,
          role: input.role,
          customer_id: input.customerId ?? null,
          password_hash: input.passwordHash ?? null,
        };
        try {
          const [row] = await rows<UserRow>(runner, db.insertInto(users).values(values).returning(USER_COLUMNS).compile());
          return toUser(row!);
        } catch (error) {
          if (d.isUniqueViolation(error)) throw ValidationError.field('email', 'A user with this email already exists.');
          if (d.isForeignKeyViolation(error)) throw ValidationError.field('customerId', `Customer ${input.customerId} does not exist.`);
          throw error;
        }
      }),
    addToken: ({ userId, tokenHash, label, createdAt, expiresAt }) =>
      database.run(async (runner) => {
        const values = {
          token_hash: tokenHash,
          user_id: userId,
          label,
          created_at: encodeTime(createdAt),
          expires_at: expiresAt ? encodeTime(expiresAt) : null,
        };
        try {
          const [row] = await rows<TokenRow>(runner, db.insertInto(tokens).values(values).returning(TOKEN_COLUMNS).compile());
          return toToken(row!);
        } catch (error) {
          if (d.isForeignKeyViolation(error)) throw ValidationError.field('userId', `User ${userId} does not exist.`);
          if (d.isUniqueViolation(error)) throw ValidationError.field('tokenHash', 'This token is already registered.');
          throw error;
        }
      }),
    async findUserByTokenHash(tokenHash) {
      const now = new Date();
      const [row] = await read<UserRow & { last_used_at: unknown }>(userByTokenSql([tokenHash, encodeTime(now)]));
      if (!row) return null;
      const lastUsed = timeOrNull(row.last_used_at);
      // A write at most once a minute per token, so a busy client does not take a write lock per request.
      if (lastUsed === null || lastUsed.getTime() <= now.getTime() - TOKEN_LAST_USED_PRECISION_MS) {
        try {
          await write(touchTokenSql([encodeTime(now), tokenHash]));
        } catch {
          // Bookkeeping only: a busy or read-only database must not turn a valid token away.
        }
      }
      return toUser(row);
    },
    async listTokens({ userId } = {}) {
      let q = db.selectFrom(tokens).select(TOKEN_COLUMNS);
      if (userId !== undefined) q = q.where('user_id', '=', userId);
      return (await read<TokenRow>(q.orderBy('id').compile())).map(toToken);
    },
    revokeTokens: (which) =>
      database.transaction(async (runner) => {
        // Sessions opened with a revoked token end with it.
        if ('id' in which) {
          const revoked = db.selectFrom(tokens).select('token_hash').where('id', '=', which.id);
          await rows(runner, db.deleteFrom(sessions).where('token_hash', 'in', revoked).compile());
          return (await rows(runner, db.deleteFrom(tokens).where('id', '=', which.id).returning('id').compile())).length;
        }
        await rows(runner, db.deleteFrom(sessions).where('user_id', '=', which.userId).compile());
        return (await rows(runner, db.deleteFrom(tokens).where('user_id', '=', which.userId).returning('id').compile())).length;
      }),
    addSession: (session) =>
      writes(async (runner) => {
        // The user's expired sessions go as a new one comes, so the table does not grow without bound.
        const expired = db.deleteFrom(sessions).where('user_id', '=', session.userId).where('expires_at', '<=', encodeTime(new Date()));
        await rows(runner, expired.compile());
        const values = {
          id_hash: session.idHash,
          user_id: session.userId,
          token_hash: session.tokenHash,
          created_at: encodeTime(session.createdAt),
          expires_at: encodeTime(session.expiresAt),
        };
        try {
          await rows(runner, db.insertInto(sessions).values(values).compile());
        } catch (error) {
          if (d.isForeignKeyViolation(error)) throw ValidationError.field('userId', `User ${session.userId} does not exist.`);
          throw error;
        }
      }),
    async findSession(idHash) {
      const [row] = await read<SessionRow>(sessionSql([idHash]));
      if (!row) return null;
      const expiresAt = time(row.expires_at);
      if (expiresAt.getTime() <= Date.now()) {
        await write(deleteSessionSql([idHash]));
        return null;
      }
      return { idHash: row.id_hash, userId: row.user_id, tokenHash: row.token_hash, createdAt: time(row.created_at), expiresAt };
    },
    deleteSession: async (idHash) => {
      await write(deleteSessionSql([idHash]));
    },
    async findUserByEmail(email) {
      const [row] = await read<UserRow>(db.selectFrom(users).select(USER_COLUMNS).where(d.caseless('email'), '=', d.fold(email)).compile());
      return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
    },
    async countUsers() {
      const [row] = await read<{ n: number | string }>(db.selectFrom(users).select((eb) => eb.fn.countAll().as('n')).compile());
      return Number(row!.n);
    },
  };
}
