import { isIPv4, isIPv6 } from 'node:net';

/** Why an address may not be dialled; `null` for an ordinary public address. */
export type AddressClass =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | null;

/** Classes refused even with `allowPrivate`: they are never a real endpoint. */
const ALWAYS_REFUSED: ReadonlySet<AddressClass> = new Set(['unspecified', 'multicast', 'reserved']);

type Range4 = [base: number, bits: number, cls: Exclude<AddressClass, null>];

const V4_RANGES: Range4[] = [
  [ip4(169, 254, 169, 254), 32, 'metadata'],
  [ip4(0, 0, 0, 0), 8, 'unspecified'],
  [ip4(10, 0, 0, 0), 8, 'private'],
  [ip4(100, 64, 0, 0), 10, 'private'],
  [ip4(127, 0, 0, 0), 8, 'loopback'],
  [ip4(169, 254, 0, 0), 16, 'link-local'],
  [ip4(172, 16, 0, 0), 12, 'private'],
  [ip4(192, 0, 0, 0), 24, 'reserved'],
  [ip4(192, 0, 2, 0), 24, 'reserved'],
  [ip4(192, 168, 0, 0), 16, 'private'],
  [ip4(198, 18, 0, 0), 15, 'private'],
  [ip4(198, 51, 100, 0), 24, 'reserved'],
  [ip4(203, 0, 113, 0), 24, 'reserved'],
  [ip4(224, 0, 0, 0), 4, 'multicast'],
  [ip4(240, 0, 0, 0), 4, 'reserved'],
];

function ip4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function parse4(address: string): number {
  const [a, b, c, d] = address.split('.').map(Number) as [number, number, number, number];
  return ip4(a, b, c, d);
}

function classify4(value: number): AddressClass {
  for (const [base, bits, cls] of V4_RANGES) {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    if (((value & mask) >>> 0) === base) return cls;
  }
  return null;
}

/** The 8 16-bit groups of an IPv6 address (with any embedded dotted IPv4 tail expanded). */
function parse6(address: string): number[] {
  let text = address.split('%')[0]!.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = parse4(dotted[1]!);
    text = text.slice(0, -dotted[1]!.length) + `${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, null];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === null ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].map((g) => parseInt(g, 16));
}

function classify6(groups: number[]): AddressClass {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const embedded4 = ((g6 << 16) | g7) >>> 0;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0) {
    if (g5 === 0xffff) return classify4(embedded4); // IPv4-mapped ::ffff:a.b.c.d
    if (g5 === 0) {
      if (g6 === 0 && g7 === 0) return 'unspecified';
      if (g6 === 0 && g7 === 1) return 'loopback';
      return classify4(embedded4) ?? 'reserved'; // deprecated IPv4-compatible ::a.b.c.d
    }
  }
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return classify4(embedded4); // NAT64
  if (g0 === 0xfd00 && g1 === 0x0ec2 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && g6 === 0 && g7 === 0x254) return 'metadata';
  if ((g0 & 0xfe00) === 0xfc00) return 'private'; // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // deprecated site-local
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  if (g0 === 0x2001 && g1 === 0x0db8) return 'reserved'; // documentation
  if (g0 === 0x0100 && g1 === 0 && g2 === 0 && g3 === 0) return 'reserved'; // discard
  return null;
}

/** Classifies an IP literal; throws on something that is not one. */
export function classifyAddress(address: string): AddressClass {
  if (isIPv4(address)) return classify4(parse4(address));
  if (isIPv6(address)) return classify6(parse6(address));
  throw new Error(`Not an IP address: ${address}`);
}

/**
 * Why dialling `address` is refused, or null when it is allowed. With `allowPrivate` loopback,
 * private, link-local and metadata addresses are allowed (development); unspecified, multicast
 * and reserved ones never are.
 */
export function refusalReason(address: string, allowPrivate: boolean): string | null {
  const cls = classifyAddress(address);
  if (cls === null) return null;
  if (allowPrivate && !ALWAYS_REFUSED.has(cls)) return null;
  return `${address} is a ${cls} address`;
}
