import {
  TOKEN_LAST_USED_PRECISION_MS,
  ValidationError,
  type CustomerRecord,
  type DirectoryStore,
  type SessionRecord,
  type TokenRecord,
  type UserRecord,
} from '@tessera/core';
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

interface TokenRow {
  id: number;
  user_id: number;
  label: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
}

const TOKEN_COLUMNS = 'id, user_id, label, created_at, expires_at, last_used_at';

const dateOrNull = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

function toToken(r: TokenRow): TokenRecord {
  return {
    id: r.id,
    userId: r.user_id,
    label: r.label,
    createdAt: new Date(r.created_at),
    expiresAt: dateOrNull(r.expires_at),
    lastUsedAt: dateOrNull(r.last_used_at),
  };
}

interface SessionRow {
  id_hash: string;
  user_id: number;
  token_hash: string | null;
  created_at: number;
  expires_at: number;
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
    getParties: (userIds, customerIds) =>
      run(() => {
        const { users, customers } = ctx.names;
        const rows = ctx
          .statement(
            `SELECT 1 AS user, ${USER_COLUMNS} FROM ${users} WHERE id IN (SELECT value FROM json_each(?)) UNION ALL ` +
              `SELECT 0, id, name, email, NULL, NULL, NULL FROM ${customers} WHERE id IN (SELECT value FROM json_each(?))`,
          )
          .all(idList(userIds), idList(customerIds)) as (UserRow & { user: 0 | 1 })[];
        return {
          users: rows.filter((r) => r.user === 1).map(toUser),
          customers: rows.filter((r) => r.user === 0).map((r): CustomerRecord => ({ id: r.id, name: r.name, email: r.email })),
        };
      }),
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
    addToken: ({ userId, tokenHash, label, createdAt, expiresAt }) =>
      run(() => {
        try {
          return toToken(
            ctx
              .statement(
                `INSERT INTO ${ctx.names.api_tokens} (token_hash, user_id, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING ${TOKEN_COLUMNS}`,
              )
              .get(tokenHash, userId, label, createdAt.getTime(), expiresAt?.getTime() ?? null) as TokenRow,
          );
        } catch (error) {
          if (isForeignKeyViolation(error)) throw ValidationError.field('userId', `User ${userId} does not exist.`);
          if (isUniqueViolation(error)) throw ValidationError.field('tokenHash', 'This token is already registered.');
          throw error;
        }
      }),
    findUserByTokenHash: (tokenHash) =>
      run(() => {
        const now = Date.now();
        const row = ctx
          .statement(
            `SELECT ${USER_COLUMNS.split(', ').map((c) => `u.${c}`).join(', ')}, k.last_used_at FROM ${ctx.names.api_tokens} k ` +
              `JOIN ${ctx.names.users} u ON u.id = k.user_id WHERE k.token_hash = ? AND (k.expires_at IS NULL OR k.expires_at > ?)`,
          )
          .get(tokenHash, now) as (UserRow & { last_used_at: number | null }) | undefined;
        if (!row) return null;
        // A write at most once a minute per token, so a busy client does not take the write lock per request.
        if (row.last_used_at === null || row.last_used_at <= now - TOKEN_LAST_USED_PRECISION_MS) {
          try {
            ctx.statement(`UPDATE ${ctx.names.api_tokens} SET last_used_at = ? WHERE token_hash = ?`).run(now, tokenHash);
          } catch {
            // Bookkeeping only: a busy or read-only database must not turn a valid token away.
          }
        }
        return toUser(row);
      }),
    listTokens: ({ userId } = {}) =>
      run(() =>
        (
          ctx
            .statement(`SELECT ${TOKEN_COLUMNS} FROM ${ctx.names.api_tokens} WHERE (? IS NULL OR user_id = ?) ORDER BY id`)
            .all(userId ?? null, userId ?? null) as TokenRow[]
        ).map(toToken),
      ),
    revokeTokens: (which) =>
      run(() =>
        ctx.db.transaction(() => {
          const t = ctx.names.api_tokens;
          const s = ctx.names.admin_sessions;
          if ('id' in which) {
            ctx.statement(`DELETE FROM ${s} WHERE token_hash IN (SELECT token_hash FROM ${t} WHERE id = ?)`).run(which.id);
            return ctx.statement(`DELETE FROM ${t} WHERE id = ?`).run(which.id).changes;
          }
          ctx.statement(`DELETE FROM ${s} WHERE user_id = ?`).run(which.userId);
          return ctx.statement(`DELETE FROM ${t} WHERE user_id = ?`).run(which.userId).changes;
        }).immediate(),
      ),
    addSession: (session) =>
      run(() => {
        try {
          ctx.db.transaction(() => {
            // The user's expired sessions go as a new one comes, so the table does not grow without bound.
            ctx.statement(`DELETE FROM ${ctx.names.admin_sessions} WHERE user_id = ? AND expires_at <= ?`).run(session.userId, Date.now());
            ctx
              .statement(`INSERT INTO ${ctx.names.admin_sessions} (id_hash, user_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`)
              .run(session.idHash, session.userId, session.tokenHash, session.createdAt.getTime(), session.expiresAt.getTime());
          }).immediate();
        } catch (error) {
          if (isForeignKeyViolation(error)) throw ValidationError.field('userId', `User ${session.userId} does not exist.`);
          throw error;
        }
      }),
    findSession: (idHash) =>
      run(() => {
        const row = ctx
          .statement(`SELECT id_hash, user_id, token_hash, created_at, expires_at FROM ${ctx.names.admin_sessions} WHERE id_hash = ?`)
          .get(idHash) as SessionRow | undefined;
        if (!row) return null;
        if (row.expires_at <= Date.now()) {
          ctx.statement(`DELETE FROM ${ctx.names.admin_sessions} WHERE id_hash = ?`).run(idHash);
          return null;
        }
        const session: SessionRecord = {
          idHash: row.id_hash,
          userId: row.user_id,
          tokenHash: row.token_hash,
          createdAt: new Date(row.created_at),
          expiresAt: new Date(row.expires_at),
        };
        return session;
      }),
    deleteSession: (idHash) =>
      run(() => {
        ctx.statement(`DELETE FROM ${ctx.names.admin_sessions} WHERE id_hash = ?`).run(idHash);
      }),
    findUserByEmail: (email) =>
      run(() => {
        const row = ctx.statement(`SELECT ${USER_COLUMNS} FROM ${ctx.names.users} WHERE email = ?`).get(email) as UserRow | undefined;
        return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
      }),
    countUsers: () => run(() => (ctx.statement(`SELECT count(*) AS n FROM ${ctx.names.users}`).get() as { n: number }).n),
  };
}
