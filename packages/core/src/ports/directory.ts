import type { ActorRole } from '../domain/enums.js';
import type { CustomerRecord, UserRecord } from '../domain/model.js';

/**
 * Resolves the host's users and customers. Tessera stores only their ids; the directory turns
 * ids into `{ id, name, email }` for detail views, checks ids on assignment, and backs the
 * admin autocomplete.
 */
export interface Directory {
  /** The users among `ids` that exist (any order; unknown ids are left out). */
  getUsers(ids: readonly number[]): Promise<UserRecord[]>;
  /** The customers among `ids` that exist. */
  getCustomers(ids: readonly number[]): Promise<CustomerRecord[]>;
  /** Users whose name or email contains `query` (case-insensitive), name order, at most `limit`. */
  searchUsers(query: string, options: { limit: number; role?: ActorRole }): Promise<UserRecord[]>;
  /** Customers whose name or email contains `query` (case-insensitive), name order, at most `limit`. */
  searchCustomers(query: string, options: { limit: number }): Promise<CustomerRecord[]>;
}

/** Input for a new directory user. */
export interface NewUser {
  name: string;
  email: string;
  role: ActorRole;
  customerId?: number | null;
  /** An opaque password hash (see `hashPassword`), for hosts that sign users in by password. */
  passwordHash?: string | null;
}

/**
 * A directory that stores its own users, customers and API tokens — what a standalone host
 * uses when it has no user system of its own. Tokens are stored only as hashes.
 */
export interface DirectoryStore extends Directory {
  addCustomer(customer: { name: string; email: string }): Promise<CustomerRecord>;
  /** Adds a user. Emails are unique (case-insensitive); a duplicate raises `ValidationError`. */
  addUser(user: NewUser): Promise<UserRecord>;
  addToken(token: { userId: number; tokenHash: string; label: string; createdAt: Date }): Promise<void>;
  findUserByTokenHash(tokenHash: string): Promise<UserRecord | null>;
  /** The user with this email (case-insensitive) and their password hash, if any. */
  findUserByEmail(email: string): Promise<{ user: UserRecord; passwordHash: string | null } | null>;
  countUsers(): Promise<number>;
}
