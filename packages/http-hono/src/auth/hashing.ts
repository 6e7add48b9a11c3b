/**
 * Token and password hashing on WebCrypto (no Node-only modules), so the helpers run on any
 * runtime Hono runs on. API tokens are high-entropy random strings: a single SHA-256 is enough
 * to store them. Passwords are low-entropy: PBKDF2-SHA256 with a per-password salt.
 */

const encoder = new TextEncoder();
const PBKDF2_ITERATIONS = 210_000;
const PBKDF2_SCHEME = 'pbkdf2_sha256';

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/gu, '-').replace(/\//gu, '_').replace(/=+$/u, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  try {
    const binary = atob(text.replace(/-/gu, '+').replace(/_/gu, '/'));
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

/**
 * Compares two byte strings in time that depends only on their lengths, so an attacker cannot
 * learn how many leading bytes matched.
 */
export function timingSafeEqual(a: Uint8Array | string, b: Uint8Array | string): boolean {
  const x = typeof a === 'string' ? encoder.encode(a) : a;
  const y = typeof b === 'string' ? encoder.encode(b) : b;
  let diff = x.length ^ y.length;
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i += 1) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** A new API token: `tsr_` + 32 random bytes, base64url. Show it once; store only {@link hashToken}. */
export function generateToken(): string {
  return `tsr_${toBase64Url(crypto.getRandomValues(new Uint8Array(32)))}`;
}

/** The stored form of an API token: lower-case hex SHA-256. */
export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(token));
  return toHex(new Uint8Array(digest));
}

async function pbkdf2(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

/**
 * Hashes a password for storage as `pbkdf2_sha256$<iterations>$<salt>$<hash>` (base64url parts),
 * with a fresh 16-byte salt.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await pbkdf2(password, salt, PBKDF2_ITERATIONS);
  return `${PBKDF2_SCHEME}$${PBKDF2_ITERATIONS}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

/** Whether `password` matches a hash made by {@link hashPassword}. Malformed hashes never match. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterText, saltText, hashText, ...rest] = stored.split('$');
  if (scheme !== PBKDF2_SCHEME || rest.length > 0 || !iterText || !saltText || !hashText) return false;
  const iterations = Number(iterText);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 10_000_000) return false;
  const salt = fromBase64Url(saltText);
  const expected = fromBase64Url(hashText);
  if (!salt || !expected) return false;
  const actual = await pbkdf2(password, salt, iterations);
  return timingSafeEqual(actual, expected);
}
