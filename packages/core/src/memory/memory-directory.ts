import type { CustomerRecord, UserRecord } from '../domain/model.js';
import { ValidationError } from '../errors.js';
import type { DirectoryStore, NewUser } from '../ports/directory.js';

function byName<T extends { id: number; name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id;
}

function contains(record: { name: string; email: string }, query: string): boolean {
  const q = query.toLowerCase();
  return record.name.toLowerCase().includes(q) || record.email.toLowerCase().includes(q);
}

/**
 * Creates an empty in-memory `DirectoryStore` (users, customers, API tokens by hash).
 * User emails are unique case-insensitively. Results are copies.
 */
export function createMemoryDirectory(): DirectoryStore {
  const users = new Map<number, { user: UserRecord; passwordHash: string | null }>();
  const customers = new Map<number, CustomerRecord>();
  const tokens = new Map<string, number>();
  let lastUserId = 0;
  let lastCustomerId = 0;

  const findByEmail = (email: string) => {
    const wanted = email.toLowerCase();
    for (const entry of users.values()) if (entry.user.email.toLowerCase() === wanted) return entry;
    return null;
  };

  return {
    async getUsers(ids) {
      return ids.flatMap((id) => {
        const entry = users.get(id);
        return entry ? [{ ...entry.user }] : [];
      });
    },
    async getCustomers(ids) {
      return ids.flatMap((id) => {
        const customer = customers.get(id);
        return customer ? [{ ...customer }] : [];
      });
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
    async addToken({ userId, tokenHash }) {
      if (!users.has(userId)) throw ValidationError.field('userId', `User ${userId} does not exist.`);
      tokens.set(tokenHash, userId);
    },
    async findUserByTokenHash(tokenHash) {
      const userId = tokens.get(tokenHash);
      const entry = userId === undefined ? undefined : users.get(userId);
      return entry ? { ...entry.user } : null;
    },
    async findUserByEmail(email) {
      const entry = findByEmail(email);
      return entry ? { user: { ...entry.user }, passwordHash: entry.passwordHash } : null;
    },
    async countUsers() {
      return users.size;
    },
  };
}
