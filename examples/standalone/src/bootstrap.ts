import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CustomerRecord, DirectoryStore, UserRecord } from '@tessera/core';
import { generateToken, hashToken } from '@tessera/http-hono';

/** Creates an API token for `userId`, stores only its hash, and returns the plain token. */
export async function createToken(directory: DirectoryStore, userId: number, label: string): Promise<string> {
  const token = generateToken();
  await directory.addToken({ userId, tokenHash: await hashToken(token), label, createdAt: new Date() });
  return token;
}

/**
 * On an empty directory, creates the first staff user with a token, and a first customer so
 * the seed's examples (`"customer": 1`) work out of the box. Returns them so the caller can
 * print the token once; returns null when users already exist.
 */
export async function ensureFirstUser(
  directory: DirectoryStore,
): Promise<{ user: UserRecord; token: string; customer: CustomerRecord } | null> {
  if ((await directory.countUsers()) > 0) return null;
  const user = await directory.addUser({ name: 'Admin', email: 'admin@localhost', role: 'staff' });
  const customer = await directory.addCustomer({ name: 'Example Customer', email: 'customer@example.com' });
  return { user, customer, token: await createToken(directory, user.id, 'first start') };
}

/**
 * The admin session secret: the configured one, else a random one generated on first start and
 * kept in `<dataDir>/session-secret` (mode 0600) so sessions survive restarts.
 */
export function sessionSecret(configured: string | null, dataDir: string): string {
  if (configured) {
    if (configured.length < 32) throw new Error('TESSERA_SESSION_SECRET must be at least 32 characters.');
    return configured;
  }
  const file = join(dataDir, 'session-secret');
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = generateToken().slice(4);
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
