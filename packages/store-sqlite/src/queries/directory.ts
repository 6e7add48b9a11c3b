import { ValidationError, type CustomerRecord, type DirectoryStore, type UserRecord } from '@tessera/core';
import { isForeignKeyViolation, isUniqueViolation } from '../errors.js';
import type { SqlContext } from './context.js';

interface UserRow {
  id: number;
  name: string;
  email: string;
  role: UserRecord['role'];
  customer_id: number | null;
  password_hash: string | null;
}

const USER_COLUMNS = 'id, name, email, role, customer_id, password_hash';

function toUser(r: UserRow): UserRecord {
  return { id: r.id, name: r.name, email: r.email, role: r.role, customerId: r.customer_id };
}

function likeContains(query: string): string {
  return `%${query.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;
}

/** Binds ids as a JSON array so one cached statement serves any number of ids. */
function idList(ids: readonly number[]): string {
  return JSON.stringify(ids.filter((id) => Number.isSafeInteger(id)));
}

/**
 * The store-backed `DirectoryStore` over the users/customers/api_tokens tables. `run` serializes
 * each call against open transactions on the same connection.
 */
export function createSqliteDirectory(ctx: SqlContext, run: <T>(fn: () => T) => Promise<T>): DirectoryStore {
  return {
    getUsers: (ids) =>
      run(() =>
        (ctx.statement(`SELECT ${USER_COLUMNS} FROM ${ctx.names.users} WHERE id IN (SELECT value FROM json_each(?))`).all(idList(ids)) as UserRow[]).map(
          toUser,
        ),
      ),
    getCustomers: (ids) =>
      run(
        () =>
          ctx
            .statement(`SELECT id, name, email FROM ${ctx.names.customers} WHERE id IN (SELECT value FROM json_each(?))`)
            .all(idList(ids)) as CustomerRecord[],
      ),
    searchUsers: (query, { limit, role }) =>
      run(() =>
        (
          ctx
            .statement(
              `SELECT ${USER_COLUMNS} FROM ${ctx.names.users} WHERE (? IS NULL OR role = ?) ` +
                `AND (name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\') ORDER BY name, id LIMIT ?`,
            )
            .all(role ?? null, role ?? null, likeContains(query), likeContains(query), limit) as UserRow[]
        ).map(toUser),
      ),
    searchCustomers: (query, { limit }) =>
      run(
        () =>
          ctx
            .statement(
              `SELECT id, name, email FROM ${ctx.names.customers} WHERE name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\' ORDER BY name, id LIMIT ?`,
            )
            .all(likeContains(query), likeContains(query), limit) as CustomerRecord[],
      ),
    addCustomer: ({ name, email }) =>
      run(() => ctx.statement(`INSERT INTO ${ctx.names.customers} (name, email) VALUES (?, ?) RETURNING id, name, email`).get(name, email) as CustomerRecord),
    addUser: (input) =>
      run(() => {
        try {
          const row = ctx
            .statement(`INSERT INTO ${ctx.names.users} (name, email, role, customer_id, password_hash) VALUES (?, ?, ?, ?, ?) RETURNING ${USER_COLUMNS}`)
            .get(input.name, input.email, input.role, input.customerId ?? null, input.passwordHash ?? null) as UserRow;
          return toUser(row);
        } catch (error) {
          if (isUniqueViolation(error)) throw new ValidationError({ email: ['A user with this email already exists.'] });
          if (isForeignKeyViolation(error)) throw ValidationError.field('customerId', `Customer ${input.customerId} does not exist.`);
          throw error;
        }
      }),
    addToken: ({ userId, tokenHash, label, createdAt }) =>
      run(() => {
        try {
          ctx
            .statement(`INSERT INTO ${ctx.names.api_tokens} (token_hash, user_id, label, created_at) VALUES (?, ?, ?, ?)`)
            .run(tokenHash, userId, label, createdAt.getTime());
        } catch (error) {
          if (isForeignKeyViolation(error)) throw ValidationError.field('userId', `User ${userId} does not exist.`);
          if (isUniqueViolation(error)) throw ValidationError.field('tokenHash', 'This token is already registered.');
          throw error;
        }
      }),
    findUserByTokenHash: (tokenHash) =>
      run(() => {
        const row = ctx
          .statement(`SELECT ${USER_COLUMNS.split(', ').map((c) => `u.${c}`).join(', ')} FROM ${ctx.names.api_tokens} k JOIN ${ctx.names.users} u ON u.id = k.user_id WHERE k.token_hash = ?`)
          .get(tokenHash) as UserRow | undefined;
        return row ? toUser(row) : null;
      }),
    findUserByEmail: (email) =>
      run(() => {
        const row = ctx.statement(`SELECT ${USER_COLUMNS} FROM ${ctx.names.users} WHERE email = ?`).get(email) as UserRow | undefined;
        return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
      }),
    countUsers: () => run(() => (ctx.statement(`SELECT count(*) AS n FROM ${ctx.names.users}`).get() as { n: number }).n),
  };
}
