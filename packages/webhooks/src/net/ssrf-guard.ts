import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

import { refusalReason } from './address-rules.js';

/** A webhook URL that may not be used; `message` is fit for the `url` field of a 400. */
export class UnsafeUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeUrlError';
  }
}

/** Resolves a host name to all its addresses; injectable so tests can point a name anywhere. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

/** The system resolver (`dns.lookup` with `all: true`, as the connection would use). */
export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** For a host that is an IP literal: why it is refused, or null. Null for host names. */
export function literalHostRefusal(hostname: string, allowPrivate: boolean): string | null {
  const host = bareHost(hostname);
  return isIP(host) === 0 ? null : refusalReason(host, allowPrivate);
}

/**
 * Resolves `hostname` and checks every address it resolves to; refuses the host when any of them
 * is refused (an attacker's name may list a public address next to a private one). Returns the
 * checked addresses, in resolver order.
 */
export async function resolveSafely(hostname: string, allowPrivate: boolean, resolver: Resolver = systemResolver): Promise<LookupAddress[]> {
  const host = bareHost(hostname);
  const family = isIP(host);
  let addresses: LookupAddress[];
  if (family !== 0) {
    addresses = [{ address: host, family }];
  } else {
    try {
      addresses = await resolver(host);
    } catch (error) {
      throw new UnsafeUrlError(`Could not resolve ${host}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    }
    if (addresses.length === 0) throw new UnsafeUrlError(`${host} resolves to no address.`);
  }
  for (const { address } of addresses) {
    const reason = refusalReason(address, allowPrivate);
    if (reason) throw new UnsafeUrlError(`${host} is not allowed: ${reason}.`);
  }
  return addresses;
}

/**
 * Checks a webhook URL when it is saved: `http` or `https` only, no credentials in it, and a host
 * that resolves only to allowed addresses. Throws `UnsafeUrlError`; returns the parsed URL.
 */
export async function checkWebhookUrl(url: string, options: { allowPrivate: boolean; resolver?: Resolver }): Promise<URL> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UnsafeUrlError('Enter a valid URL.');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UnsafeUrlError('Only http and https URLs are allowed.');
  if (parsed.username || parsed.password) throw new UnsafeUrlError('URLs with credentials are not allowed.');
  await resolveSafely(parsed.hostname, options.allowPrivate, options.resolver);
  return parsed;
}

/**
 * A `lookup` for `http.request` that resolves, checks every address, and hands the socket only a
 * checked one. The connection is thus pinned to the address that was checked: a DNS answer that
 * changes between the check and the connect (rebinding) cannot slip a private address in.
 */
export function guardedLookup(allowPrivate: boolean, resolver: Resolver = systemResolver): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolveSafely(hostname, allowPrivate, resolver).then(
      (addresses) => {
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: Error) => callback(error),
    );
  }) as LookupFunction;
}
