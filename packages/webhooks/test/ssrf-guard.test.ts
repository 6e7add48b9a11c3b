import { describe, expect, it } from 'vitest';

import { checkWebhookUrl, classifyAddress, createWebhookSender, type Resolver, UnsafeUrlError } from '../src/index.js';
import { startReceiver } from './receiver.js';

const resolverFor =
  (table: Record<string, string[]>): Resolver =>
  async (hostname) => (table[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('address classification', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.255', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.10.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['64:ff9b::a00:1', 'private'],
    ['93.184.216.34', null],
    ['172.32.0.1', null],
    ['100.128.0.1', null],
    ['2606:4700::1111', null],
    ['::ffff:93.184.216.34', null],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe('checkWebhookUrl (when saved)', () => {
  const refused = async (url: string, options: Parameters<typeof checkWebhookUrl>[1] = { allowPrivate: false }) => {
    const error = await checkWebhookUrl(url, options).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnsafeUrlError);
    return (error as Error).message;
  };

  it('refuses loopback by default and allows it with allowPrivate', async () => {
    expect(await refused('http://127.0.0.1:8080/hook')).toMatch(/loopback/);
    await expect(checkWebhookUrl('http://127.0.0.1:8080/hook', { allowPrivate: true })).resolves.toBeInstanceOf(URL);
  });

  it('refuses a host name that resolves to loopback (localhost, through the system resolver)', async () => {
    expect(await refused('http://localhost:3000/')).toMatch(/localhost is not allowed: .*loopback/);
  });

  it('refuses IPv4-mapped IPv6, IPv6 loopback, metadata and private literals', async () => {
    expect(await refused('http://[::ffff:127.0.0.1]/')).toMatch(/loopback/);
    expect(await refused('http://[::1]:80/')).toMatch(/loopback/);
    expect(await refused('http://169.254.169.254/latest/meta-data/')).toMatch(/metadata/);
    expect(await refused('http://[fd00:ec2::254]/')).toMatch(/metadata/);
    expect(await refused('https://192.168.0.10/')).toMatch(/private/);
  });

  it('refuses a name with any forbidden address among public ones, and names that do not resolve', async () => {
    const resolver = resolverFor({ 'mixed.example': ['93.184.216.34', '10.0.0.5'], 'public.example': ['93.184.216.34'] });
    expect(await refused('https://mixed.example/', { allowPrivate: false, resolver })).toMatch(/10\.0\.0\.5 is a private address/);
    expect(await refused('https://nowhere.example/', { allowPrivate: false, resolver })).toMatch(/resolves to no address/);
    await expect(checkWebhookUrl('https://public.example/hook', { allowPrivate: false, resolver })).resolves.toBeInstanceOf(URL);
  });

  it('refuses other schemes, credentials and garbage', async () => {
    expect(await refused('ftp://93.184.216.34/')).toMatch(/Only http and https/);
    expect(await refused('file:///etc/passwd')).toMatch(/Only http and https/);
    expect(await refused('https://user:pw@93.184.216.34/')).toMatch(/credentials/);
    expect(await refused('not a url')).toMatch(/valid URL/);
  });

  it('never allows unspecified or multicast, even with allowPrivate', async () => {
    expect(await refused('http://0.0.0.0:80/', { allowPrivate: true })).toMatch(/unspecified/);
    expect(await refused('http://[ff02::1]/', { allowPrivate: true })).toMatch(/multicast/);
  });
});

describe('the sender checks again at connect time', () => {
  it('pins the connection to the address its own lookup checked (DNS rebinding is refused)', async () => {
    const receiver = await startReceiver(() => 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const port = new URL(receiver.url).port;
    // Public when the URL is saved, loopback when the connection is made.
    const answers = [['93.184.216.34'], ['127.0.0.1']];
    const rebinding: Resolver = async () => (answers.shift() ?? ['127.0.0.1']).map((address) => ({ address, family: 4 }));
    await expect(checkWebhookUrl(`http://rebind.example:${port}/hook`, { allowPrivate: false, resolver: rebinding })).resolves.toBeInstanceOf(URL);
    const sender = createWebhookSender({ resolver: rebinding, timeoutMs: 2_000 });
    const result = await sender.send(`http://rebind.example:${port}/hook`, {}, '{}');
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect(receiver.received).toHaveLength(0);
    sender.close();
    await receiver.close();
  });

  it('refuses a loopback literal at send time unless allowPrivate', async () => {
    const receiver = await startReceiver(() => 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const strict = createWebhookSender({ timeoutMs: 2_000 });
    expect((await strict.send(receiver.url, {}, '{}')).error).toMatch(/loopback/);
    expect((await strict.send(receiver.url.replace('127.0.0.1', '[::ffff:127.0.0.1]'), {}, '{}')).error).toMatch(/loopback/);
    expect(receiver.received).toHaveLength(0);
    strict.close();
    await receiver.close();
  });

  it('dials the address its resolver gave (a name only the test resolver knows reaches the receiver)', async () => {
    const receiver = await startReceiver(() => 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    receiver.respond = () => ({ status: 200 });
    const port = new URL(receiver.url).port;
    const sender = createWebhookSender({ allowPrivate: true, resolver: resolverFor({ 'hooks.invalid': ['127.0.0.1'] }), timeoutMs: 2_000 });
    const result = await sender.send(`http://hooks.invalid:${port}/hook`, { 'webhook-id': '1' }, '{"type":"x"}');
    expect(result).toMatchObject({ statusCode: 200, error: null });
    expect(receiver.received).toHaveLength(1);
    sender.close();
    await receiver.close();
  });
});
