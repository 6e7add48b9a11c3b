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
  /**
   * Optional: `getUsers(userIds)` and `getCustomers(customerIds)` in one call — what ticket views
   * need for the people they name (a SQL directory answers with one statement). Views call the two
   * methods when a directory leaves this out.
   */
  getParties?(userIds: readonly number[], customerIds: readonly number[]): Promise<{ users: UserRecord[]; customers: CustomerRecord[] }>;
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

/** Input for a new API token. Only the token's hash is stored. */
export interface NewToken {
  userId: number;
  tokenHash: string;
  label: string;
  createdAt: Date;
  /** When the token stops working; null or absent: never. */
  expiresAt?: Date | null;
}

/** An API token as listed: never its secret nor its hash. */
export interface TokenRecord {
  /** Short id for listing and revoking. */
  id: number;
  userId: number;
  label: string;
  createdAt: Date;
  expiresAt: Date | null;
  /** Last successful use, recorded at most once a minute; null when never used. */
  lastUsedAt: Date | null;
}

/**
 * A signed-in admin session kept server-side, so signing out or revoking ends it everywhere.
 * `idHash` is a hash of the session id the browser holds, never the id itself.
 */
export interface SessionRecord {
  idHash: string;
  userId: number;
  /** Hash of the API token the session was signed in with (revoking the token ends it), or null. */
  tokenHash: string | null;
  createdAt: Date;
  expiresAt: Date;
}

/** Admin sessions stored server-side, looked up by primary key on every admin request. */
export interface SessionStore {
  addSession(session: SessionRecord): Promise<void>;
  /** The session with this id hash, or null when there is none or it has expired. */
  findSession(idHash: string): Promise<SessionRecord | null>;
  /** Ends one session (sign-out); unknown ids are ignored. */
  deleteSession(idHash: string): Promise<void>;
}

/** Window within which repeated uses of a token record `lastUsedAt` only once. */
export const TOKEN_LAST_USED_PRECISION_MS = 60_000;

/**
 * A directory that stores its own users, customers, API tokens and admin sessions — what a
 * standalone host uses when it has no user system of its own. Tokens are stored only as hashes.
 */
export interface DirectoryStore extends Directory, SessionStore {
  addCustomer(customer: { name: string; email: string }): Promise<CustomerRecord>;
  /** Adds a user. Emails are unique (case-insensitive); a duplicate raises `ValidationError`. */
  addUser(user: NewUser): Promise<UserRecord>;
  /** Stores a token's hash; returns its listing (with its id). */
  addToken(token: NewToken): Promise<TokenRecord>;
  /**
   * The user of an unexpired, unrevoked token, else null. Records the use in `lastUsedAt` when the
   * last record is older than {@link TOKEN_LAST_USED_PRECISION_MS}.
   */
  findUserByTokenHash(tokenHash: string): Promise<UserRecord | null>;
  /** Tokens (expired ones included), oldest first; only `userId`'s when given. */
  listTokens(options?: { userId?: number }): Promise<TokenRecord[]>;
  /**
   * Deletes tokens — one by id, or all of a user's — and ends the admin sessions signed in with
   * them (all of the user's sessions when revoking by user). Resolves how many tokens went.
   */
  revokeTokens(which: { id: number } | { userId: number }): Promise<number>;
  /** The user with this email (case-insensitive) and their password hash, if any. */
  findUserByEmail(email: string): Promise<{ user: UserRecord; passwordHash: string | null } | null>;
  countUsers(): Promise<number>;
}
