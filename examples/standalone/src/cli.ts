import { parseArgs } from 'node:util';
import { ACTOR_ROLES, type ActorRole } from '@tessera/core';
import { hashPassword } from '@tessera/http-hono';
import { createToken } from './bootstrap.js';
import { formatTokenList, parseExpiry } from './token-commands.js';
import { loadConfig } from './config.js';
import { readNewPassword } from './password-input.js';
import { privateUmask, restrictDataDir } from './permissions.js';
import { openStore } from './store.js';

const USAGE = `Usage: pnpm tessera <command> [options]

  customer add --name NAME [--email EMAIL]
  user add --name NAME --role staff|customer [--customer ID] [--email EMAIL] [--with-password] [--no-token]
  token create --user ID [--label LABEL] [--expires 30d|12h|90m|2w|2027-01-31]
  token list [--user ID]
  token revoke ID | token revoke --user ID

Tokens are shown once, at creation; \`token list\` shows ids, owners and dates, never secrets.
Revoking a token (or all of a user's with --user) also signs out the admin sessions started with
it (all of the user's sessions with --user); running servers refuse it within a second.

--with-password asks for a password for the admin sign-in (or reads the first line of stdin when it
is not a terminal). Uses the same database as the server (DATABASE_URL, or ./data/tessera.db).`;

const PASSWORD_ON_COMMAND_LINE = `--password is not accepted: a password on the command line is visible in ps and kept in your shell history.
Use --with-password and type it at the prompt, or pipe it in:  printf '%s\n' "$PASSWORD" | pnpm tessera user add … --with-password`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/gu, '.').replace(/^\.|\.$/gu, '') || 'user';
}

function positiveInt(flag: string, value: string | undefined): number {
  if (!value || !/^\d+$/u.test(value) || Number(value) < 1) fail(`--${flag} must be a positive integer.`);
  return Number(value);
}

const OPTIONS = {
  name: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string' },
  customer: { type: 'string' },
  'with-password': { type: 'boolean' },
  user: { type: 'string' },
  label: { type: 'string' },
  'no-token': { type: 'boolean' },
  expires: { type: 'string' },
} as const;

function parseOptions(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    // An unknown option or a missing value: say which, then how the commands go.
    fail((error as Error).message);
  }
}

/** `pnpm tessera …`: manage customers, users and API tokens of the standalone server. */
async function main(argv: string[]): Promise<void> {
  const args = argv.filter((a) => a !== '--');
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const [noun, verb, ...rest] = args;
  if (rest.some((a) => a === '--password' || a.startsWith('--password='))) {
    console.error(PASSWORD_ON_COMMAND_LINE);
    process.exit(2);
  }
  const { values, positionals } = parseOptions(rest);
  const command = `${noun ?? ''} ${verb ?? ''}`;
  if (!['customer add', 'user add', 'token create', 'token list', 'token revoke'].includes(command)) fail(`Unknown command "${command.trim()}".`);
  if (positionals.length > (command === 'token revoke' ? 1 : 0)) fail(`Unexpected argument "${positionals.at(-1)}".`);
  let expiresAt: Date | null = null;
  if (values.expires !== undefined) {
    if (command !== 'token create') fail('--expires is only for token create.');
    const parsed = parseExpiry(values.expires);
    if (typeof parsed === 'string') fail(parsed);
    expiresAt = parsed;
  }

  privateUmask();
  const config = loadConfig();
  restrictDataDir(config.dataDir);
  const store = await openStore(config);
  const dir = store.directory;
  try {
    if (command === 'customer add') {
      if (!values.name) fail('--name is required.');
      const customer = await dir.addCustomer({ name: values.name, email: values.email ?? `${slug(values.name)}@customer.local` });
      console.log(`Created customer #${customer.id} ${customer.name} <${customer.email}>`);
    } else if (command === 'user add') {
      if (!values.name) fail('--name is required.');
      const role = values.role as ActorRole;
      if (!ACTOR_ROLES.includes(role)) fail('--role must be staff or customer.');
      let customerId: number | null = null;
      if (role === 'customer') {
        customerId = positiveInt('customer', values.customer);
        if ((await dir.getCustomers([customerId])).length === 0) fail(`Customer #${customerId} does not exist.`);
      } else if (values.customer) fail('--customer is only for customer users.');
      let passwordHash: string | null = null;
      if (values['with-password']) {
        const password = await readNewPassword();
        if (password.length < 8) fail('The password must be at least 8 characters; nothing was created.');
        passwordHash = await hashPassword(password);
      }
      const user = await dir.addUser({
        name: values.name,
        email: values.email ?? `${slug(values.name)}@local`,
        role,
        customerId,
        passwordHash,
      });
      console.log(`Created ${role} user #${user.id} ${user.name} <${user.email}>`);
      if (!values['no-token']) {
        console.log(`API token (shown once): ${await createToken(dir, user.id, 'cli')}`);
      }
    } else if (command === 'token create') {
      const userId = positiveInt('user', values.user);
      if ((await dir.getUsers([userId])).length === 0) fail(`User #${userId} does not exist.`);
      const token = await createToken(dir, userId, values.label ?? 'cli', expiresAt);
      const until = expiresAt ? `, expires ${expiresAt.toISOString()}` : '';
      console.log(`API token for user #${userId} (shown once${until}): ${token}`);
    } else if (command === 'token list') {
      const userId = values.user === undefined ? undefined : positiveInt('user', values.user);
      console.log(await formatTokenList(dir, await dir.listTokens(userId === undefined ? {} : { userId })));
    } else {
      const [id] = positionals;
      if ((id === undefined) === (values.user === undefined)) fail('token revoke takes a token ID or --user ID (one of them).');
      if (id !== undefined) {
        if (!/^\d+$/u.test(id) || Number(id) < 1) fail('The token ID must be a positive integer (see token list).');
        const tokenId = Number(id);
        if ((await dir.revokeTokens({ id: tokenId })) === 0) {
          console.error(`No API token #${tokenId}; nothing was revoked.`);
          process.exitCode = 1;
        } else console.log(`Revoked API token #${tokenId} and ended the admin sessions signed in with it.`);
      } else {
        const userId = positiveInt('user', values.user);
        const count = await dir.revokeTokens({ userId });
        console.log(`Revoked ${count} API token${count === 1 ? '' : 's'} of user #${userId} and ended their admin sessions.`);
      }
    }
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
