import { sql, type Migration } from 'kysely';
import type { TableNames } from '../names.js';

// Instants are epoch milliseconds and booleans 0/1, as in every other Tessera table. Index names
// carry the table name (and so the prefix): SQLite index names are global to the file.
const up = (n: TableNames): string[] => [
  // AUTOINCREMENT: ids are never reused after pruning, so "id > last seen" stays a valid cursor.
  `CREATE TABLE ${n.outbox} (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     type TEXT NOT NULL,
     occurred_at INTEGER NOT NULL,
     data TEXT NOT NULL,
     internal INTEGER NOT NULL DEFAULT 0,
     subscription_id INTEGER,
     acked_at INTEGER,
     lease_token TEXT,
     lease_expires_at INTEGER
   )`,
  `CREATE INDEX ${n.outbox}_open ON ${n.outbox} (id) WHERE acked_at IS NULL`,
  `CREATE INDEX ${n.outbox}_acked ON ${n.outbox} (acked_at) WHERE acked_at IS NOT NULL`,
  `CREATE TABLE ${n.webhook_subscriptions} (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     url TEXT NOT NULL,
     events TEXT NOT NULL,
     include_internal INTEGER NOT NULL DEFAULT 0,
     description TEXT NOT NULL DEFAULT '',
     secret TEXT NOT NULL,
     is_active INTEGER NOT NULL DEFAULT 1,
     failing_since INTEGER,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   )`,
  `CREATE TABLE ${n.webhook_attempts} (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     subscription_id INTEGER NOT NULL REFERENCES ${n.webhook_subscriptions} (id) ON DELETE CASCADE,
     event_id INTEGER NOT NULL,
     event_type TEXT NOT NULL,
     attempt INTEGER NOT NULL,
     outcome TEXT NOT NULL CHECK (outcome IN ('pending', 'delivered', 'retrying', 'failed')),
     status_code INTEGER,
     duration_ms INTEGER,
     error TEXT,
     created_at INTEGER NOT NULL,
     next_attempt_at INTEGER,
     delivered_at INTEGER,
     first_attempt_at INTEGER NOT NULL,
     lease_owner TEXT,
     lease_expires_at INTEGER,
     UNIQUE (subscription_id, event_id, attempt)
   )`,
  `CREATE INDEX ${n.webhook_attempts}_due ON ${n.webhook_attempts} (next_attempt_at, id) WHERE outcome = 'pending'`,
  `CREATE INDEX ${n.webhook_attempts}_log ON ${n.webhook_attempts} (subscription_id, id)`,
  `CREATE INDEX ${n.webhook_attempts}_pending_event ON ${n.webhook_attempts} (event_id) WHERE outcome = 'pending'`,
  `CREATE TABLE ${n.idempotency_keys} (
     user_id INTEGER NOT NULL,
     idem_key TEXT NOT NULL,
     request_hash TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     status INTEGER,
     body TEXT,
     PRIMARY KEY (user_id, idem_key)
   )`,
  `CREATE INDEX ${n.idempotency_keys}_created ON ${n.idempotency_keys} (created_at)`,
];

/** The transactional outbox, webhook subscriptions and delivery attempts, and Idempotency-Key records. */
export const webhooks = (n: TableNames): Migration => ({
  async up(db) {
    for (const statement of up(n)) await sql.raw(statement).execute(db);
  },
  async down(db) {
    for (const table of [n.idempotency_keys, n.webhook_attempts, n.webhook_subscriptions, n.outbox]) {
      await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
    }
  },
});
