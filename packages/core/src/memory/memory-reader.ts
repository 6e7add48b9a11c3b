import type { Ticket } from '../domain/model.js';
import type {
  AttachmentFilter,
  CommentFilter,
  HistoryFilter,
  Page,
  PageRequest,
  PercentileOptions,
  StatisticsOptions,
  TicketFilter,
  TicketQuery,
  TicketReader,
} from '../ports/ticket-store.js';
import { copyRow, type RowTable, type TableSet } from './memory-tables.js';
import { compareTickets, matchesTicketFilter, pageOf, ticketStatistics } from './ticket-query.js';
import { ticketPercentiles } from './memory-percentiles.js';

/** Rows of `map` passing `keep`, oldest (lowest id) first. */
function oldestFirst<T extends { id: number }>(map: RowTable<number, T>, keep: (row: T) => boolean): T[] {
  return [...map.values()].filter(keep).sort((a, b) => a.id - b.id);
}

function toPage<T extends object>(rows: readonly T[], page?: PageRequest): Page<T> {
  return { count: rows.length, rows: pageOf(rows, page).map(copyRow) };
}

/** The tickets (by id) of `customerId`, for customer-scoped comment/attachment/history lists. */
function ownedBy(tables: TableSet, customerId: number | undefined): (ticketId: number) => boolean {
  if (customerId === undefined) return () => true;
  return (ticketId) => tables.tickets.get(ticketId)?.customerId === customerId;
}

/**
 * A page of one ticket-activity table (comments, attachments, history), oldest first: rows of the
 * filter's ticket and customer, if given, that `keep` also passes.
 */
function activityPage<T extends { id: number; ticketId: number }>(
  tables: TableSet,
  table: RowTable<number, T>,
  filter: { ticketId?: number; customerId?: number },
  page: PageRequest | undefined,
  keep: (row: T) => boolean = () => true,
): Page<T> {
  const owned = ownedBy(tables, filter.customerId);
  const rows = oldestFirst(
    table,
    (row) => (filter.ticketId === undefined || row.ticketId === filter.ticketId) && keep(row) && owned(row.ticketId),
  );
  return toPage(rows, page);
}

/** The read side of the port over whatever tables `current()` returns (committed or a transaction's). */
export function createMemoryReader(current: () => TableSet): TicketReader {
  const get = <T extends object>(map: RowTable<number, T>, id: number): T | null => {
    const row = map.get(id);
    return row ? copyRow(row) : null;
  };
  const filterTickets = (filter: TicketFilter, now: Date): Ticket[] =>
    [...current().tickets.values()].filter((t) => matchesTicketFilter(t, filter, now));

  return {
    async getTicket(id) {
      return get(current().tickets, id);
    },
    async getTicketWithActivity(id, { includeInternal }) {
      const tables = current();
      const ticket = get(tables.tickets, id);
      if (!ticket) return null;
      const visible = (row: { ticketId: number; isInternal: boolean }) => row.ticketId === id && (includeInternal || !row.isInternal);
      return {
        ticket,
        comments: oldestFirst(tables.comments, visible).map(copyRow),
        attachments: oldestFirst(tables.attachments, (a) => a.ticketId === id).map(copyRow),
        history: oldestFirst(tables.history, visible).map(copyRow),
      };
    },
    async listTickets(query: TicketQuery) {
      const rows = filterTickets(query.filter, query.now).sort(compareTickets(query.ordering));
      return toPage(rows, query.page);
    },
    async statistics(filter: TicketFilter, options: StatisticsOptions) {
      return ticketStatistics(filterTickets(filter, options.now), options);
    },
    async percentiles(filter: TicketFilter, options: PercentileOptions) {
      return ticketPercentiles(filterTickets(filter, options.now), options);
    },
    async getComment(id) {
      return get(current().comments, id);
    },
    async listComments(filter: CommentFilter, page?: PageRequest) {
      const tables = current();
      return activityPage(tables, tables.comments, filter, page, (c) => filter.isInternal === undefined || c.isInternal === filter.isInternal);
    },
    async getAttachment(id) {
      return get(current().attachments, id);
    },
    async listAttachments(filter: AttachmentFilter, page?: PageRequest) {
      const tables = current();
      return activityPage(tables, tables.attachments, filter, page);
    },
    async getHistoryEntry(id) {
      return get(current().history, id);
    },
    async listHistory(filter: HistoryFilter, page?: PageRequest) {
      const tables = current();
      return activityPage(
        tables,
        tables.history,
        filter,
        page,
        (h) => (filter.action === undefined || h.action === filter.action) && (filter.includeInternal || !h.isInternal),
      );
    },
  };
}
