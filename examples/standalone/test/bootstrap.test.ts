import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryDirectory } from '@tessera/core';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureFirstUser } from '../src/bootstrap.js';
import { runCli, startServer } from './harness.js';

describe('first start', () => {
  it('creates a staff user with a token and customer #1 on an empty directory, then nothing', async () => {
    const directory = createMemoryDirectory();
    const first = await ensureFirstUser(directory);
    expect(first?.user.role).toBe('staff');
    expect(first?.token).toMatch(/^tsr_/);
    expect(first?.customer?.id).toBe(1);
    expect(await directory.findUserByEmail('admin@localhost')).not.toBeNull();
    expect(await ensureFirstUser(directory)).toBeNull();
  });

  it('still creates a staff user when only customer users exist, and keeps existing customers', async () => {
    const directory = createMemoryDirectory();
    const acme = await directory.addCustomer({ name: 'Acme', email: 'ops@acme.test' });
    await directory.addUser({ name: 'Carol', email: 'carol@acme.test', role: 'customer', customerId: acme.id });
    const first = await ensureFirstUser(directory);
    expect(first?.user.role).toBe('staff');
    expect(first?.customer).toBeNull();
    expect(await directory.searchCustomers('', { limit: 10 })).toHaveLength(1);
  });
});

describe('CLI', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('--help prints the usage and exits 0', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-cli-'));
    dirs.push(dataDir);
    const help = await runCli({ TESSERA_DATA_DIR: dataDir }, ['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('customer add --name NAME');
  });

  it('a customer user added before the first start does not stop the server from creating its staff user', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-cli-'));
    dirs.push(dataDir);
    const env = { TESSERA_DATA_DIR: dataDir, TESSERA_REQUEST_LOG: 'off' };
    expect((await runCli(env, ['customer', 'add', '--name', 'Acme'])).code).toBe(0);
    expect((await runCli(env, ['user', 'add', '--name', 'Carol', '--role', 'customer', '--customer', '1'])).code).toBe(0);
    const server = await startServer(env);
    try {
      expect(server.token).toMatch(/^tsr_/);
      const res = await fetch(`${server.baseUrl}/api/ticketing/tickets/`, { headers: { Authorization: `Bearer ${server.token}` } });
      expect(res.status).toBe(200);
      expect(server.output()).not.toContain('Created customer #');
    } finally {
      await server.stop();
    }
  });
});
