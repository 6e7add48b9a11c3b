import { sql, type Kysely, type Selectable } from 'kysely';
import {
  TOKEN_LAST_USED_PRECISION_MS,
  type ActorRole,
  type CustomerRecord,
  type DirectoryStore,
  type NewUser,
  type TokenRecord,
  type UserRecord,
} from '@tessera/core';
import type { ApiTokensTable, Database, UsersTable } from '../schema.js';
import { escapeLike } from './search.js';

const toUser = (r: Selectable<UsersTable>): UserRecord => ({
  id: r.id,
  name: r.name,
  email: r.email,
  role: r.role as ActorRole,
  customerId: r.customer_id,
});

const USER_COLUMNS = ['id', 'name', 'email', 'role', 'customer_id', 'password_hash'] as const;

const TOKEN_COLUMNS = ['id', 'user_id', 'label', 'created_at', 'expires_at', 'last_used_at'] as const;

const toToken = (r: Pick<Selectable<ApiTokensTable>, (typeof TOKEN_COLUMNS)[number]>): TokenRecord => ({
  id: r.id,
  userId: r.user_id,
  label: r.label,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
});

const SESSION_COLUMNS = ['id_hash', 'user_id', 'token_hash', 'created_at', 'expires_at'] as const;

/**
 * The store-backed directory (users, customers, API token hashes) in the same schema as the
 * tickets. `run` wraps each call so driver errors surface as core's typed errors.
 */
export function createPgDirectory(db: Kysely<Database>, run: <T>(fn: () => Promise<T>) => Promise<T>): DirectoryStore {
  const contains = (query: string) => `%${escapeLike(query.toLowerCase())}%`;
  return {
    getUsers: (ids) =>
      run(async () =>
        ids.length === 0
          ? []
          : (await db.selectFrom('users').select(USER_COLUMNS).where('id', 'in', [...ids]).execute()).map(toUser),
      ),
    getCustomers: (ids) =>
      run(async () =>
        ids.length === 0
          ? []
          : await db.selectFrom('customers').select(['id', 'name', 'email']).where('id', 'in', [...ids]).execute(),
      ),
    getParties: (userIds, customerIds) =>
      run(async () => {
        // One round trip: the customers ride along as rows with a null role.
        const users = db
          .selectFrom('users')
          .select(['id', 'name', 'email', sql<string | null>`role`.as('role'), 'customer_id'])
          .where('id', '=', sql<number>`any(${[...userIds]}::bigint[])`);
        const customers = db
          .selectFrom('customers')
          .select(['id', 'name', 'email', sql<string | null>`null`.as('role'), sql<number | null>`null`.as('customer_id')])
          .where('id', '=', sql<number>`any(${[...customerIds]}::bigint[])`);
        const rows = await users.unionAll(customers).execute();
        return {
          users: rows.filter((r) => r.role !== null).map((r) => toUser(r as Selectable<UsersTable>)),
          customers: rows.filter((r) => r.role === null).map((r): CustomerRecord => ({ id: r.id, name: r.name, email: r.email })),
        };
      }),
    searchUsers: (query, { limit, role }) =>
      run(async () => {
        let q = db
          .selectFrom('users')
          .select(USER_COLUMNS)
          .where((eb) =>
            eb.or([
              sql<boolean>`lower(name) like ${contains(query)} escape '\\'`,
              sql<boolean>`lower(email) like ${contains(query)} escape '\\'`,
            ]),
          );
        if (role) q = q.where('role', '=', role);
        return (await q.orderBy('name').orderBy('id').limit(limit).execute()).map(toUser);
      }),
    searchCustomers: (query, { limit }) =>
      run(() =>
        db
          .selectFrom('customers')
          .select(['id', 'name', 'email'])
          .where((eb) =>
            eb.or([
              sql<boolean>`lower(name) like ${contains(query)} escape '\\'`,
              sql<boolean>`lower(email) like ${contains(query)} escape '\\'`,
            ]),
          )
          .orderBy('name')
          .orderBy('id')
          .limit(limit)
          .execute(),
      ),
    addCustomer: (customer) =>
      run(() =>
        db
          .insertInto('customers')
          .values({ name: customer.name, email: customer.email })
          .returning(['id', 'name', 'email'])
          .executeTakeFirstOrThrow(),
      ),
    addUser: (user: NewUser) =>
      run(async () =>
        toUser(
          await db
            .insertInto('users')
            .values({
              name: user.name,
              email: user.email,
              role: user.role,
              customer_id: user.customerId ?? null,
              password_hash: user.passwordHash ?? null,
            })
            .returning(USER_COLUMNS)
            .executeTakeFirstOrThrow(),
        ),
      ),
    addToken: (token) =>
      run(async () =>
        toToken(
          await db
            .insertInto('api_tokens')
            .values({
              token_hash: token.tokenHash,
              user_id: token.userId,
              label: token.label,
              created_at: token.createdAt,
              expires_at: token.expiresAt ?? null,
            })
            .returning(TOKEN_COLUMNS)
            .executeTakeFirstOrThrow(),
        ),
      ),
    findUserByTokenHash: (tokenHash) =>
      run(async () => {
        const now = new Date();
        const row = await db
          .selectFrom('api_tokens')
          .innerJoin('users', 'users.id', 'api_tokens.user_id')
          .select([...USER_COLUMNS.map((c) => `users.${c}` as const), 'api_tokens.last_used_at'])
          .where('api_tokens.token_hash', '=', tokenHash)
          .where((eb) => eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', now)]))
          .executeTakeFirst();
        if (!row) return null;
        // A write at most once a minute per token, not one per request.
        if (row.last_used_at === null || row.last_used_at.getTime() <= now.getTime() - TOKEN_LAST_USED_PRECISION_MS) {
          // Bookkeeping only: a failure here must not turn a valid token away.
          await db.updateTable('api_tokens').set({ last_used_at: now }).where('token_hash', '=', tokenHash).execute().catch(() => {});
        }
        return toUser(row);
      }),
    listTokens: ({ userId } = {}) =>
      run(async () => {
        let q = db.selectFrom('api_tokens').select(TOKEN_COLUMNS);
        if (userId !== undefined) q = q.where('user_id', '=', userId);
        return (await q.orderBy('id').execute()).map(toToken);
      }),
    revokeTokens: (which) =>
      run(() =>
        db.transaction().execute(async (trx) => {
          if ('id' in which) {
            const gone = await trx.deleteFrom('api_tokens').where('id', '=', which.id).returning('token_hash').execute();
            if (gone.length > 0) {
              await trx.deleteFrom('admin_sessions').where('token_hash', 'in', gone.map((g) => g.token_hash)).execute();
            }
            return gone.length;
          }
          await trx.deleteFrom('admin_sessions').where('user_id', '=', which.userId).execute();
          const result = await trx.deleteFrom('api_tokens').where('user_id', '=', which.userId).executeTakeFirst();
          return Number(result.numDeletedRows);
        }),
      ),
    addSession: (session) =>
      run(async () => {
        // The user's expired sessions go as a new one comes, so the table does not grow without bound.
        await db.deleteFrom('admin_sessions').where('user_id', '=', session.userId).where('expires_at', '<=', new Date()).execute();
        await db
          .insertInto('admin_sessions')
          .values({
            id_hash: session.idHash,
            user_id: session.userId,
            token_hash: session.tokenHash,
            created_at: session.createdAt,
            expires_at: session.expiresAt,
          })
          .execute();
      }),
    findSession: (idHash) =>
      run(async () => {
        const row = await db.selectFrom('admin_sessions').select(SESSION_COLUMNS).where('id_hash', '=', idHash).executeTakeFirst();
        if (!row) return null;
        if (row.expires_at.getTime() <= Date.now()) {
          await db.deleteFrom('admin_sessions').where('id_hash', '=', idHash).execute();
          return null;
        }
        return { idHash: row.id_hash, userId: row.user_id, tokenHash: row.token_hash, createdAt: row.created_at, expiresAt: row.expires_at };
      }),
    deleteSession: (idHash) =>
      run(async () => {
        await db.deleteFrom('admin_sessions').where('id_hash', '=', idHash).execute();
      }),
    findUserByEmail: (email) =>
      run(async () => {
        const row = await db
          .selectFrom('users')
          .select(USER_COLUMNS)
          .where(sql`lower(email)`, '=', email.toLowerCase())
          .executeTakeFirst();
        return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
      }),
    countUsers: () =>
      run(async () => (await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  };
}
