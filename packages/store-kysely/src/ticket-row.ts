import {
  IMMUTABLE_TICKET_FIELDS,
  NO_SLA_TICKET_FIELDS,
  objectBuilder,
  priorityRank,
  TICKET_FIELDS,
  type NewTicket,
  type Ticket,
  type TicketFieldName,
  type TicketPatch,
  type TicketPriority,
} from '@tessera/core';
import { NATIVE_CODEC, TAGS_CODEC, type KindCodecs, type ValueCodec } from './codecs.js';

/** Stored next to `priority` so ordering by priority can use an index on the rank. */
export const PRIORITY_RANK_COLUMN = 'priority_rank';

interface ColumnMapping {
  field: TicketFieldName;
  column: string;
  nullable: boolean;
  codec: ValueCodec;
}

/** Row mapping of the `tickets` table for one dialect, derived from core's `TICKET_FIELDS`. */
export interface TicketRowCodec {
  /** Every column a ticket insert writes (catalogue order, `id` excluded, rank last). */
  readonly insertColumns: readonly string[];
  /** Every column of a ticket row (`id` first). */
  readonly selectColumns: readonly string[];
  /** A stored row (by column name) as the domain's `Ticket`. */
  toTicket(row: Record<string, unknown>): Ticket;
  /** A new ticket's values, in `insertColumns` order. */
  insertValues(ticket: NewTicket): unknown[];
  /** A new ticket as a column → value record. */
  insertRecord(ticket: NewTicket): Record<string, unknown>;
  /** The columns a patch sets: only fields present, never immutable ones; the rank follows the priority. */
  patchColumns(patch: TicketPatch): Record<string, unknown>;
}

/**
 * The row → `Ticket` mapper as one object literal (core's `objectBuilder`): this runs for every
 * ticket row read, and an object built key by key costs several times more.
 */
function rowReader(mappings: readonly ColumnMapping[]): (row: Record<string, unknown>) => Ticket {
  const build = objectBuilder(
    mappings.map((m) => {
      const decode = m.codec === NATIVE_CODEC ? undefined : m.codec.decode;
      const map = decode && m.nullable ? (value: unknown) => (value == null ? null : decode(value)) : decode;
      return { key: m.field, from: 0, read: m.column, ...(map && { map }) };
    }),
  );
  return build as unknown as (row: Record<string, unknown>) => Ticket;
}

/** A new ticket with the SLA fields it leaves out set to "no SLA". */
function withSlaDefaults(ticket: NewTicket): NewTicket {
  return ticket.slaFirstResponseClock === undefined ? { ...NO_SLA_TICKET_FIELDS, ...ticket } : ticket;
}

/**
 * Builds the row mapping for a dialect from the field catalogue: a new ticket field is one
 * catalogue entry plus a migration adding its column, nothing here.
 */
export function createTicketRowCodec(codecs: KindCodecs): TicketRowCodec {
  const all: ColumnMapping[] = (Object.entries(TICKET_FIELDS) as [TicketFieldName, (typeof TICKET_FIELDS)[TicketFieldName]][]).map(
    ([field, spec]) => ({
      field,
      column: spec.column,
      nullable: spec.nullable,
      codec: spec.kind === 'tags' ? (codecs.tags ?? TAGS_CODEC) : (codecs[spec.kind] ?? NATIVE_CODEC),
    }),
  );
  const stored = all.filter((m) => m.field !== 'id');
  const immutable = new Set<string>(IMMUTABLE_TICKET_FIELDS);
  const patchable = stored.filter((m) => !immutable.has(m.field));
  const encode = (m: ColumnMapping, value: unknown) => (value === null ? null : m.codec.encode(value));

  return {
    insertColumns: [...stored.map((m) => m.column), PRIORITY_RANK_COLUMN],
    selectColumns: all.map((m) => m.column),
    toTicket: rowReader(all),
    insertValues(input) {
      const ticket = withSlaDefaults(input);
      const values = stored.map((m) => encode(m, ticket[m.field as keyof NewTicket]));
      values.push(priorityRank(ticket.priority));
      return values;
    },
    insertRecord(input) {
      const ticket = withSlaDefaults(input);
      const record: Record<string, unknown> = {};
      for (const m of stored) record[m.column] = encode(m, ticket[m.field as keyof NewTicket]);
      record[PRIORITY_RANK_COLUMN] = priorityRank(ticket.priority);
      return record;
    },
    patchColumns(patch) {
      const out: Record<string, unknown> = {};
      for (const m of patchable) {
        const value = patch[m.field as keyof TicketPatch];
        if (value !== undefined) out[m.column] = encode(m, value);
      }
      if (patch.priority !== undefined) out[PRIORITY_RANK_COLUMN] = priorityRank(patch.priority as TicketPriority);
      return out;
    },
  };
}
