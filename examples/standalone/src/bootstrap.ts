import type { DirectoryStore, UserRecord } from '@tessera/core';
import { generateToken, hashToken } from '@tessera/http-hono';

/** Creates an API token for `userId`, stores only its hash, and returns the plain token. */
export async function createToken(directory: DirectoryStore, userId: number, label: string): Promise<string> {
  const token = generateToken();
  await directory.addToken({ userId, tokenHash: await hashToken(token), label, createdAt: new Date() });
  return token;
}

/**
 * On an empty directory, creates the first staff user and a token for it. Returns them so the
 * caller can print the token once; returns null when users already exist.
 */
export async function ensureFirstUser(directory: DirectoryStore): Promise<{ user: UserRecord; token: string } | null> {
  if ((await directory.countUsers()) > 0) return null;
  const user = await directory.addUser({ name: 'Admin', email: 'admin@localhost', role: 'staff' });
  return { user, token: await createToken(directory, user.id, 'first start') };
}
