import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CustomerRecord, DirectoryStore, UserRecord } from '@tessera/core';
import { generateToken, hashToken } from '@tessera/http-hono';
import type { ServerConfig } from './config.js';

/** What {@link ensureFirstUser} created. */
export interface FirstUser {
  user: UserRecord;
  token: string;
  customer: CustomerRecord | null;
}

/** Name of the file in the data directory that holds the first staff user's token. */
export const FIRST_TOKEN_FILE = 'first-token.txt';

/**
 * Creates an API token for `userId` (expiring at `expiresAt`, if given), stores only its hash, and
 * returns the plain token.
 */
export async function createToken(directory: DirectoryStore, userId: number, label: string, expiresAt: Date | null = null): Promise<string> {
  const token = generateToken();
  await directory.addToken({ userId, tokenHash: await hashToken(token), label, createdAt: new Date(), expiresAt });
  return token;
}

/**
 * When the directory has no staff user, creates one with a token; when it has no customer, creates
 * a first one too, so the seed's examples (`"customer": 1`) work out of the box. Returns what it
 * created so the caller can print the token once; null when a staff user already exists.
 */
export async function ensureFirstUser(directory: DirectoryStore): Promise<FirstUser | null> {
  const [staff] = await directory.searchUsers('', { limit: 1, role: 'staff' });
  if (staff) return null;
  const user = await directory.addUser({ name: 'Admin', email: 'admin@localhost', role: 'staff' });
  const [anyCustomer] = await directory.searchCustomers('', { limit: 1 });
  const customer = anyCustomer ? null : await directory.addCustomer({ name: 'Example Customer', email: 'customer@example.com' });
  return { user, customer, token: await createToken(directory, user.id, 'first start') };
}

/**
 * Hands the first token over without putting it in a log: it is written to
 * `<dataDir>/first-token.txt` (mode 0600) and shown on the terminal only when stdout is one;
 * otherwise (a service, a pipe, a log collector) only the file's path is printed.
 */
export function announceFirstUser(
  first: FirstUser,
  config: Pick<ServerConfig, 'dataDir' | 'host' | 'port'>,
  interactive = Boolean(process.stdout.isTTY),
  print: (text: string) => void = console.log,
): void {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const file = join(config.dataDir, FIRST_TOKEN_FILE);
  writeFileSync(file, `${first.token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  const lines = ['', `Created staff user #${first.user.id} (${first.user.email}).`];
  if (interactive) lines.push('Its API token (also saved to the file below):', '', `    ${first.token}`, '');
  lines.push(`Its API token is in ${file} (readable only by you); store it somewhere safe, then delete the file.`, '');
  if (first.customer) lines.push(`Created customer #${first.customer.id} (${first.customer.name}) to file tickets for.`, '');
  lines.push(`Try: curl -H "Authorization: Bearer $(cat ${file})" http://${config.host}:${config.port === 0 ? '<port>' : config.port}/api/ticketing/tickets/`, '');
  print(lines.join('\n'));
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
