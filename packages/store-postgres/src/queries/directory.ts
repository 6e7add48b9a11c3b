import { sql, type Kysely, type Selectable } from 'kysely';
import type { ActorRole, CustomerRecord, DirectoryStore, NewUser, UserRecord } from '@tessera/core';
import type { Database, UsersTable } from '../schema.js';
import { escapeLike } from './search.js';

const toUser = (r: Selectable<UsersTable>): UserRecord => ({
  id: r.id,
  name: r.name,
  email: r.email,
  role: r.role as ActorRole,
  customerId: r.customer_id,
});

const USER_COLUMNS = ['id', 'name', 'email', 'role', 'customer_id', 'password_hash'] as const;

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
      run(async () => {
        await db
          .insertInto('api_tokens')
          .values({ token_hash: token.tokenHash, user_id: token.userId, label: token.label, created_at: token.createdAt })
          .execute();
      }),
    findUserByTokenHash: (tokenHash) =>
      run(async () => {
        const row = await db
          .selectFrom('api_tokens')
          .innerJoin('users', 'users.id', 'api_tokens.user_id')
          .select(USER_COLUMNS.map((c) => `users.${c}` as const))
          .where('api_tokens.token_hash', '=', tokenHash)
          .executeTakeFirst();
        return row ? toUser(row) : null;
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
