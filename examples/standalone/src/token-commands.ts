import type { DirectoryStore, TokenRecord, UserRecord } from '@tessera/core';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * When a token given `--expires VALUE` stops working: a duration from `now` (`90m`, `12h`, `30d`,
 * `2w`) or an ISO date or date-time (`2027-01-31`, `2027-01-31T18:00:00Z`; a bare date is midnight
 * UTC). Returns an error message for anything else, or for a time not in the future.
 */
export function parseExpiry(value: string, now = new Date()): Date | string {
  const duration = /^(\d{1,6})([mhdw])$/u.exec(value.trim());
  let at: Date;
  if (duration) at = new Date(now.getTime() + Number(duration[1]) * UNITS[duration[2]!]!);
  else if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/u.test(value.trim())) at = new Date(value.trim());
  else return '--expires must be a duration (90m, 12h, 30d, 2w) or an ISO date (2027-01-31 or 2027-01-31T18:00:00Z).';
  if (Number.isNaN(at.getTime())) return `--expires: "${value}" is not a valid date.`;
  if (at.getTime() <= now.getTime()) return '--expires must be in the future.';
  return at;
}

const when = (d: Date | null, never: string) => (d ? d.toISOString().replace(/\.\d{3}Z$/u, 'Z') : never);

/** The token listing as a text table: id, user, label, created, last used, expires. Never a secret. */
export async function formatTokenList(directory: DirectoryStore, tokens: TokenRecord[], now = new Date()): Promise<string> {
  if (tokens.length === 0) return 'No API tokens.';
  const users = new Map<number, UserRecord>();
  for (const user of await directory.getUsers([...new Set(tokens.map((t) => t.userId))])) users.set(user.id, user);
  const rows = [
    ['ID', 'USER', 'LABEL', 'CREATED', 'LAST USED', 'EXPIRES'],
    ...tokens.map((t) => {
      const user = users.get(t.userId);
      const expired = t.expiresAt !== null && t.expiresAt.getTime() <= now.getTime();
      return [
        String(t.id),
        user ? `#${user.id} ${user.email}` : `#${t.userId}`,
        t.label,
        when(t.createdAt, '-'),
        when(t.lastUsedAt, 'never'),
        when(t.expiresAt, 'never') + (expired ? ' (expired)' : ''),
      ];
    }),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
