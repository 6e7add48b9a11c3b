import { parseArgs } from 'node:util';
import { ACTOR_ROLES, type ActorRole } from '@tessera/core';
import { hashPassword } from '@tessera/http-hono';
import { createToken } from './bootstrap.js';
import { loadConfig } from './config.js';
import { readNewPassword } from './password-input.js';
import { privateUmask, restrictDataDir } from './permissions.js';
import { openStore } from './store.js';

const USAGE = `Usage: pnpm tessera <command> [options]

  customer add --name NAME [--email EMAIL]
  user add --name NAME --role staff|customer [--customer ID] [--email EMAIL] [--with-password] [--no-token]
  token create --user ID [--label LABEL]

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
} as const;

function parseOptions(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, strict: true }).values;
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
  const values = parseOptions(rest);
  const command = `${noun ?? ''} ${verb ?? ''}`;
  if (!['customer add', 'user add', 'token create'].includes(command)) fail(`Unknown command "${command.trim()}".`);

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
    } else {
      const userId = positiveInt('user', values.user);
      if ((await dir.getUsers([userId])).length === 0) fail(`User #${userId} does not exist.`);
      console.log(`API token for user #${userId} (shown once): ${await createToken(dir, userId, values.label ?? 'cli')}`);
    }
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
