import { describe, expect, it } from 'vitest';
import type { OutboxEvent, OutboxPayloads } from '../ports/outbox.js';
import type { TicketStore } from '../ports/ticket-store.js';
import { createTicketing } from '../service/create-ticketing.js';
import { createMemoryBlobStore } from '../memory/memory-blob-store.js';
import { NO_SLA_TICKET_FIELDS } from '../sla/ticket-state.js';
import { insertTickets, newTicket } from './fixtures.js';
import { storePerTest, type StoreConformanceOptions } from './harness.js';
import { serviceWorld } from './service-setup.js';

const LATER = new Date('2100-01-01T00:00:00.000Z');

function outboxOf(store: TicketStore) {
  if (!store.webhooks) throw new Error('This store has no `webhooks` (outbox) to test.');
  return store.webhooks.outbox;
}

/** Every event in the outbox, in id order (claimed with a zero lease, so the next call sees them again). */
async function allEvents(store: TicketStore): Promise<OutboxEvent[]> {
  const { events } = await outboxOf(store).claim({ limit: 1000, leaseMs: 0, now: LATER });
  return events;
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/u;

/**
 * The transactional outbox as the service uses it: every change writes its events in its own
 * transaction (nothing for a rolled-back one), ids increase, and `data` has the documented shape.
 */
export function runOutboxConformance(options: StoreConformanceOptions): void {
  describe(`outbox conformance: ${options.name}`, () => {
    const store = storePerTest(options);

    it('a create writes one ticket.created event with the committed ticket as JSON', async () => {
      const w = await serviceWorld(store());
      const created = await w.ticketing.tickets.create(w.staff, { subject: 'Printer', description: 'Jammed', customerId: w.acme, tags: 'hw' });
      const [event, ...rest] = await allEvents(store());
      expect(rest).toEqual([]);
      expect(event).toMatchObject({ type: 'ticket.created', internal: false, subscriptionId: null });
      expect(event!.occurredAt.toISOString()).toBe(created.createdAt.toISOString());
      const data = event!.data as OutboxPayloads['ticket.created'];
      expect(data.actorId).toBe(w.staff.id);
      expect(data.ticket).toMatchObject({
        id: created.id, ticketNumber: created.ticketNumber, subject: 'Printer', status: 'new', customerId: w.acme,
        assignedToId: null, tags: ['hw'], version: 1, dueDate: null,
      });
      expect(data.ticket.createdAt).toMatch(ISO);
      expect(new Date(data.ticket.createdAt).getTime()).toBe(created.createdAt.getTime());
    });

    it('each kind of change writes its events, in order, with increasing ids and internal flags', async () => {
      const w = await serviceWorld(store());
      const { tickets, comments, attachments } = w.ticketing;
      const t = await tickets.create(w.staff, { subject: 'A', description: 'a', customerId: w.acme });
      await tickets.patch(w.staff, t.id, { priority: 'high', status: 'in_progress', assignedToId: w.staff2.id });
      await tickets.assign(w.staff, t.id, null);
      await comments.add(w.staff, t.id, { content: 'note to self', isInternal: true });
      await comments.add(w.staff, t.id, { content: 'hello' });
      const file = await attachments.add(w.staff, t.id, { filename: 'log.txt', contentType: 'text/plain', body: new Uint8Array([1, 2]) });
      await attachments.remove(w.staff, file.id);
      await tickets.delete(w.staff, t.id);

      const events = await allEvents(store());
      expect(events.map((e) => e.type)).toEqual([
        'ticket.created',
        'ticket.updated', 'ticket.status_changed', 'ticket.assigned',
        'ticket.updated', 'ticket.assigned',
        'comment.created', 'comment.created',
        'attachment.created', 'attachment.deleted',
        'ticket.deleted',
      ]);
      for (let i = 1; i < events.length; i++) expect(events[i]!.id).toBeGreaterThan(events[i - 1]!.id);
      expect(events.map((e) => e.internal)).toEqual([false, false, false, false, false, false, true, false, false, false, false]);

      const updated = events[1]!.data as OutboxPayloads['ticket.updated'];
      expect(updated.changedFields).toEqual(['status', 'priority', 'assignedToId']);
      expect(updated.ticket).toMatchObject({ status: 'in_progress', priority: 'high', assignedToId: w.staff2.id, version: 2 });
      expect(events[2]!.data).toMatchObject({ from: 'new', to: 'in_progress' });
      expect(events[3]!.data).toMatchObject({ from: null, to: w.staff2.id });
      expect(events[5]!.data).toMatchObject({ from: w.staff2.id, to: null, ticket: { assignedToId: null } });
      const note = events[6]!.data as OutboxPayloads['comment.created'];
      expect(note.comment).toMatchObject({ ticketId: t.id, content: 'note to self', isInternal: true, authorId: w.staff.id });
      // The public staff reply is the first response: the snapshot is the ticket after that change.
      const reply = events[7]!.data as OutboxPayloads['comment.created'];
      expect(reply.ticket.firstResponseAt).toMatch(ISO);
      expect(events[8]!.data).toMatchObject({ attachment: { id: file.id, filename: 'log.txt', fileSize: 2 }, ticket: { id: t.id } });
      expect(events[9]!.data).toMatchObject({ attachment: { id: file.id } });
      expect(events[10]!.data).toMatchObject({ ticket: { id: t.id, ticketNumber: t.ticketNumber } });
    });

    it('a rolled-back change writes no outbox row', async () => {
      const w = await serviceWorld(store());
      const t = await w.ticketing.tickets.create(w.staff, { subject: 'A', description: 'a', customerId: w.acme });
      // A stale version fails inside the transaction, after the lock.
      await expect(w.ticketing.tickets.patch(w.staff, t.id, { priority: 'low' }, { expectedVersion: 7 })).rejects.toThrow();
      // A transaction that wrote a ticket and its events, then failed.
      await expect(
        store().transaction(async (tx) => {
          const row = await tx.insertTicket(newTicket(await tx.allocateTicketSequence()));
          await tx.appendOutbox([{ type: 'ticket.created', occurredAt: new Date(), data: { ticket: { id: row.id } }, internal: false, subscriptionId: null }]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await allEvents(store())).map((e) => e.type)).toEqual(['ticket.created']);
      // The next committed change still gets an id above the first one's.
      await w.ticketing.tickets.patch(w.staff, t.id, { priority: 'low' });
      const events = await allEvents(store());
      expect(events.map((e) => e.type)).toEqual(['ticket.created', 'ticket.updated']);
      expect(events[1]!.id).toBeGreaterThan(events[0]!.id);
    });

    it('a no-op change writes nothing, and `outbox: false` turns the writes off', async () => {
      const w = await serviceWorld(store());
      const t = await w.ticketing.tickets.create(w.staff, { subject: 'A', description: 'a', customerId: w.acme });
      await w.ticketing.tickets.patch(w.staff, t.id, { subject: 'A' });
      const quiet = createTicketing({ store: store(), blobs: createMemoryBlobStore(), clock: w.clock, outbox: false });
      const heard: string[] = [];
      quiet.events.on('ticket.created', (e) => heard.push(e.ticket.ticketNumber));
      const silent = await quiet.tickets.create(w.staff, { subject: 'B', description: 'b', customerId: w.acme });
      expect(heard).toEqual([silent.ticketNumber]);
      expect((await allEvents(store())).map((e) => e.type)).toEqual(['ticket.created']);
    });

    it('a tick appends one sla.breached event per breach in its transaction; ticks run twice or at once add none twice', async () => {
      const w = await serviceWorld(store());
      await w.ticketing.sla.policies.create(w.staff, {
        name: 'P',
        targets: { urgent: { firstResponseMinutes: 60, resolutionMinutes: 120 }, medium: { firstResponseMinutes: 60 } },
      });
      const make = (priority: 'urgent' | 'medium') =>
        w.ticketing.tickets.create(w.staff, { subject: priority, description: 'd', customerId: w.acme, priority });
      const [a, b] = [await make('urgent'), await make('medium')];
      const breachEvents = async () =>
        (await allEvents(store()))
          .filter((e) => e.type === 'sla.breached')
          .map((e) => ({ ...(e.data as { ticketId: number; target: string; dueAt: string }), occurredAt: e.occurredAt.toISOString(), internal: e.internal }));
      w.clock.advanceHours(1.5);
      const at = w.clock.now().toISOString();
      const first = await w.ticketing.sla.tick();
      expect(first.breaches.map((x) => [x.ticketId, x.target])).toEqual([[a.id, 'first_response'], [b.id, 'first_response']]);
      await w.ticketing.sla.tick();
      const due60 = '2024-05-01T10:00:00.000Z';
      // The tick's two lanes may each take one of the breaches and commit in either order.
      const byTicket = <E extends { ticketId: number }>(events: E[]) => [...events].sort((x, y) => x.ticketId - y.ticketId);
      expect(byTicket(await breachEvents())).toEqual([
        { ticketId: a.id, target: 'first_response', dueAt: due60, occurredAt: at, internal: false },
        { ticketId: b.id, target: 'first_response', dueAt: due60, occurredAt: at, internal: false },
      ]);

      // Several ticks at the same instant (from two services on the store): each breach once, in the outbox once.
      w.clock.advanceHours(1);
      const other = createTicketing({ store: store(), blobs: createMemoryBlobStore(), clock: w.clock });
      const results = await Promise.all([w.ticketing.sla.tick(), other.sla.tick(), w.ticketing.sla.tick(), other.sla.tick()]);
      expect(results.flatMap((r) => r.breaches).map((x) => [x.ticketId, x.target])).toEqual([[a.id, 'resolution']]);
      const events = await breachEvents();
      expect(byTicket(events.slice(0, 2)).map((e) => [e.ticketId, e.target])).toEqual([[a.id, 'first_response'], [b.id, 'first_response']]);
      expect([events[2]!.ticketId, events[2]!.target]).toEqual([a.id, 'resolution']);
      expect(events[2]).toMatchObject({ dueAt: '2024-05-01T11:00:00.000Z', occurredAt: w.clock.now().toISOString() });
    });

    it('a tick over more breaches than one statement can bind records and appends every one of them', async () => {
      // 7,000 events × 5 parameters is past SQLite's 32,766 bound parameters per statement.
      const due = new Date('2024-05-01T09:00:00.000Z');
      await insertTickets(
        store(),
        Array.from({ length: 7_000 }, (_, i) => ({
          sequence: i + 1,
          ...NO_SLA_TICKET_FIELDS,
          slaFirstResponseClock: 'running' as const,
          slaFirstResponseDueAt: due,
          slaBreachAt: due,
        })),
      );
      const ticketing = createTicketing({ store: store(), blobs: createMemoryBlobStore() });
      const { breaches } = await ticketing.sla.tick(new Date('2024-05-01T10:00:00.000Z'));
      expect(breaches).toHaveLength(7_000);
      expect(new Set(breaches.map((b) => b.historyId)).size).toBe(7_000);
      const { events } = await outboxOf(store()).claim({ limit: 10_000, leaseMs: 0, now: LATER });
      // One event per breach; batches committed side by side may interleave in the outbox.
      const ticketIds = events.filter((e) => e.type === 'sla.breached').map((e) => (e.data as { ticketId: number }).ticketId);
      expect(ticketIds.sort((a, b) => a - b)).toEqual(breaches.map((b) => b.ticketId));
    }, 120_000);

    it('recording with a limit takes the earliest due first, per target, until none is left', async () => {
      const now = new Date('2024-05-01T10:00:00.000Z');
      const minutesBefore = (m: number) => new Date(now.getTime() - m * 60_000);
      const firstDue = [3, 1, 5, 2, 4]; // minutes before now, in insertion order
      const resolutionDue = [7, 9, 8];
      const tickets = await insertTickets(store(), [
        ...firstDue.map((m, i) => ({ sequence: i + 1, ...NO_SLA_TICKET_FIELDS, slaFirstResponseClock: 'running' as const, slaFirstResponseDueAt: minutesBefore(m), slaBreachAt: minutesBefore(m) })),
        ...resolutionDue.map((m, i) => ({ sequence: 10 + i, ...NO_SLA_TICKET_FIELDS, slaResolutionClock: 'running' as const, slaResolutionDueAt: minutesBefore(m), slaBreachAt: minutesBefore(m) })),
      ]);
      const batches: string[][] = [];
      for (let i = 0; i < 4; i++) {
        const recorded = await store().transaction((tx) => tx.recordDueBreaches(now, { limit: 2 }));
        batches.push(recorded.map((b) => `${b.target}:${(now.getTime() - b.dueAt.getTime()) / 60_000}`).sort());
        expect(recorded.every((b) => tickets.some((t) => t.id === b.ticketId))).toBe(true);
      }
      expect(batches).toEqual([
        ['first_response:4', 'first_response:5', 'resolution:8', 'resolution:9'],
        ['first_response:2', 'first_response:3', 'resolution:7'],
        ['first_response:1'],
        [],
      ]);
    });

    it('a tick commits in batches of at most 1,000 breaches per target and emits every event', async () => {
      const due = new Date('2024-05-01T09:00:00.000Z');
      await insertTickets(
        store(),
        Array.from({ length: 2_100 }, (_, i) => ({ sequence: i + 1, ...NO_SLA_TICKET_FIELDS, slaFirstResponseClock: 'running' as const, slaFirstResponseDueAt: due, slaBreachAt: due })),
      );
      // The size of every batch the tick records, one per transaction.
      const batches: number[] = [];
      const counting = new Proxy(store(), {
        get: (target, key) =>
          key === 'transaction'
            ? (fn: Parameters<TicketStore['transaction']>[0]) =>
                target.transaction((tx) =>
                  fn({
                    ...tx,
                    recordDueBreaches: async (...args: Parameters<typeof tx.recordDueBreaches>) => {
                      const recorded = await tx.recordDueBreaches(...args);
                      batches.push(recorded.length);
                      return recorded;
                    },
                  }),
                )
            : Reflect.get(target, key),
      });
      const ticketing = createTicketing({ store: counting, blobs: createMemoryBlobStore() });
      let events = 0;
      ticketing.events.on('sla.breached', () => (events += 1));
      const { breaches } = await ticketing.sla.tick(new Date('2024-05-01T10:00:00.000Z'));
      expect(breaches).toHaveLength(2_100);
      expect(new Set(breaches.map((b) => b.ticketId)).size).toBe(2_100);
      expect(Math.max(...batches)).toBe(1_000);
      expect(batches.reduce((a, b) => a + b, 0)).toBe(2_100);
      expect(events).toBe(2_100);
      expect((await ticketing.sla.tick(new Date('2024-05-01T10:00:00.000Z'))).breaches).toEqual([]);
    }, 120_000);

    it('delivered events are pruned once older than the retention cut-off; open ones stay', async () => {
      const w = await serviceWorld(store());
      for (const subject of ['A', 'B', 'C']) await w.ticketing.tickets.create(w.staff, { subject, description: 'x', customerId: w.acme });
      const outbox = outboxOf(store());
      const now = new Date('2030-01-01T00:00:00.000Z');
      const claim = await outbox.claim({ limit: 2, leaseMs: 1000, now });
      expect(await outbox.ack(claim.token, claim.events.map((e) => e.id), now)).toBe(2);
      expect(await outbox.prune(now)).toBe(0); // acknowledged at `now`, not before it
      expect(await outbox.prune(new Date(now.getTime() + 1))).toBe(2);
      expect((await allEvents(store())).map((e) => (e.data as OutboxPayloads['ticket.created']).ticket.subject)).toEqual(['C']);
    });
  });
}
