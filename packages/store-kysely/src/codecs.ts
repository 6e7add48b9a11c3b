import { formatTags, parseFormattedTags, type TicketFieldKind } from '@tessera/core';

/** How one kind of value is written to a column and read back. */
export interface ValueCodec {
  /** Domain value → what the driver binds (never called with null). */
  encode(value: unknown): unknown;
  /** What the driver returns → domain value (never called with null). */
  decode(stored: unknown): unknown;
}

/** Codecs per field kind; kinds left out are stored as they are (strings, numbers). */
export type KindCodecs = Partial<Record<TicketFieldKind, ValueCodec>>;

/** Tags are stored as core's `"a, b"` text in every dialect. */
export const TAGS_CODEC: ValueCodec = {
  encode: (value) => formatTags(value as string[]),
  decode: (stored) => parseFormattedTags(stored as string),
};

/** Instants as integer epoch milliseconds (exact for every `Date`, numerically ordered). */
export const EPOCH_MS_CODEC: ValueCodec = {
  encode: (value) => (value as Date).getTime(),
  decode: (stored) => new Date(stored as number),
};

/** Booleans as integers 0/1 (for databases without a boolean type). */
export const INTEGER_BOOLEAN_CODEC: ValueCodec = {
  encode: (value) => (value ? 1 : 0),
  decode: (stored) => stored === 1 || stored === true,
};

/** Values the driver already maps both ways (e.g. `Date` ↔ `timestamptz`). */
export const NATIVE_CODEC: ValueCodec = { encode: (value) => value, decode: (stored) => stored };
