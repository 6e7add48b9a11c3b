import type { CustomerRecord, UserRecord } from '../domain/model.js';
import { ValidationError } from '../errors.js';
import {
  TOKEN_LAST_USED_PRECISION_MS,
  type DirectoryStore,
  type NewUser,
  type TokenRecord,
} from '../ports/directory.js';
import { createMemorySessionStore } from './memory-sessions.js';

function byName<T extends { id: number; name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id;
}

function contains(record: { name: string; email: string }, query: string): boolean {
  const q = query.toLowerCase();
  return record.name.toLowerCase().includes(q) || record.email.toLowerCase().includes(q);
}

function copyToken(t: TokenRecord): TokenRecord {
  return { ...t };
}

/**
 * Creates an empty in-memory `DirectoryStore` (users, customers, API tokens by hash, admin
 * sessions). User emails are unique case-insensitively. Results are copies. Everything lives in
 * this process: a second process sees none of it.
 */
export function createMemoryDirectory(): DirectoryStore {
  const users = new Map<number, { user: UserRecord; passwordHash: string | null }>();
  const customers = new Map<number, CustomerRecord>();
  const tokens = new Map<string, TokenRecord>();
  const sessions = createMemorySessionStore();
  let lastUserId = 0;
  let lastTokenId = 0;
  let lastCustomerId = 0;

  const findByEmail = (email: string) => {
    const wanted = email.toLowerCase();
    for (const entry of users.values()) if (entry.user.email.toLowerCase() === wanted) return entry;
    return null;
  };

  const usersOf = (ids: readonly number[]) =>
    ids.flatMap((id) => {
      const entry = users.get(id);
      return entry ? [{ ...entry.user }] : [];
    });
  const customersOf = (ids: readonly number[]) =>
    ids.flatMap((id) => {
      const customer = customers.get(id);
      return customer ? [{ ...customer }] : [];
    });

  return {
    async getUsers(ids) {
      return usersOf(ids);
    },
    async getCustomers(ids) {
      return customersOf(ids);
    },
    async getPeople(ids) {
      return { users: usersOf(ids.users), customers: customersOf(ids.customers) };
    },
    async searchUsers(query, { limit, role }) {
      return [...users.values()]
        .map((e) => e.user)
        .filter((u) => (role === undefined || u.role === role) && contains(u, query))
        .sort(byName)
        .slice(0, limit)
        .map((u) => ({ ...u }));
    },
    async searchCustomers(query, { limit }) {
      return [...customers.values()]
        .filter((c) => contains(c, query))
        .sort(byName)
        .slice(0, limit)
        .map((c) => ({ ...c }));
    },
    async addCustomer({ name, email }) {
      lastCustomerId += 1;
      const customer: CustomerRecord = { id: lastCustomerId, name, email };
      customers.set(customer.id, customer);
      return { ...customer };
    },
    async addUser(input: NewUser) {
      if (findByEmail(input.email)) {
        throw new ValidationError({ email: ['A user with this email already exists.'] });
      }
      lastUserId += 1;
      const user: UserRecord = {
        id: lastUserId,
        name: input.name,
        email: input.email,
        role: input.role,
        customerId: input.customerId ?? null,
      };
      users.set(user.id, { user, passwordHash: input.passwordHash ?? null });
      return { ...user };
    },
    async addToken({ userId, tokenHash, label, createdAt, expiresAt }) {
      if (!users.has(userId)) throw ValidationError.field('userId', `User ${userId} does not exist.`);
      if (tokens.has(tokenHash)) throw ValidationError.field('tokenHash', 'This token is already registered.');
      lastTokenId += 1;
      const token: TokenRecord = { id: lastTokenId, userId, label, createdAt, expiresAt: expiresAt ?? null, lastUsedAt: null };
      tokens.set(tokenHash, token);
      return copyToken(token);
    },
    async findUserByTokenHash(tokenHash) {
      const token = tokens.get(tokenHash);
      const now = Date.now();
      if (!token || (token.expiresAt && token.expiresAt.getTime() <= now)) return null;
      const entry = users.get(token.userId);
      if (!entry) return null;
      if (!token.lastUsedAt || token.lastUsedAt.getTime() <= now - TOKEN_LAST_USED_PRECISION_MS) token.lastUsedAt = new Date(now);
      return { ...entry.user };
    },
    async listTokens({ userId } = {}) {
      return [...tokens.values()]
        .filter((t) => userId === undefined || t.userId === userId)
        .sort((a, b) => a.id - b.id)
        .map(copyToken);
    },
    async revokeTokens(which) {
      let revoked = 0;
      for (const [hash, token] of tokens) {
        if ('id' in which ? token.id !== which.id : token.userId !== which.userId) continue;
        tokens.delete(hash);
        revoked += 1;
        sessions.deleteMatching((session) => session.tokenHash === hash);
      }
      if ('userId' in which) sessions.deleteMatching((session) => session.userId === which.userId);
      return revoked;
    },
    async addSession(session) {
      if (!users.has(session.userId)) throw ValidationError.field('userId', `User ${session.userId} does not exist.`);
      await sessions.addSession(session);
    },
    findSession: (idHash) => sessions.findSession(idHash),
    deleteSession: (idHash) => sessions.deleteSession(idHash),
    async findUserByEmail(email) {
      const entry = findByEmail(email);
      return entry ? { user: { ...entry.user }, passwordHash: entry.passwordHash } : null;
    },
    async countUsers() {
      return users.size;
    },
  };
}
