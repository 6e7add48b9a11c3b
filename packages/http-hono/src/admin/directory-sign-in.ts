import type { DirectoryStore, UserRecord } from '@tessera/core';
import { hashPassword, hashToken, verifyPassword } from '../auth/hashing.js';
import type { AdminCredentials } from './context.js';

let dummyHash: Promise<string> | null = null;

/**
 * A `signIn` for {@link createAdminRouter} backed by a store directory (what the standalone server
 * uses): API tokens are looked up by their hash; passwords are checked with `verifyPassword`
 * against the stored hash. An unknown email still costs one password check, so response time does
 * not tell which emails exist. Customers are returned like anyone else; the admin refuses them.
 */
export function createDirectorySignIn(
  directory: Pick<DirectoryStore, 'findUserByTokenHash' | 'findUserByEmail'>,
): (credentials: AdminCredentials) => Promise<UserRecord | null> {
  return async (credentials) => {
    if (credentials.token) return directory.findUserByTokenHash(await hashToken(credentials.token));
    if (!credentials.email || !credentials.password) return null;
    const found = await directory.findUserByEmail(credentials.email);
    if (!found?.passwordHash) {
      dummyHash ??= hashPassword('tessera-dummy-password');
      await verifyPassword(credentials.password, await dummyHash);
      return null;
    }
    return (await verifyPassword(credentials.password, found.passwordHash)) ? found.user : null;
  };
}
