import {
  createMemoryBlobStore,
  createTicketing,
  DEFAULT_CATEGORIES,
  TICKET_PRIORITIES,
  type Actor,
  type BlobStore,
  type TicketStatus,
} from '@tessera/core';
import type { ServerStore } from './store.js';

/** Options of {@link loadDemoData}. */
export interface DemoOptions {
  /** How many tickets to create (default 300). */
  tickets?: number;
  /** Comments per ticket are drawn from 0..maxComments (default 3). */
  maxComments?: number;
  /** Blob store for the few demo attachments (none when absent). */
  blobs?: BlobStore;
  /** Progress callback, called every 1000 tickets. */
  onProgress?: (created: number) => void;
}

const SUBJECTS = [
  ['Cannot login after password reset', 'login, authentication'],
  ['Invoice shows the wrong VAT rate', 'billing, invoice'],
  ['Export to CSV times out', 'export, performance'],
  ['Feature request: dark mode', 'ui, feature'],
  ['App crashes on startup', 'crash, mobile'],
  ['Two-factor codes not arriving', 'login, 2fa, sms'],
  ['Pricing for 50 seats', 'sales, pricing'],
  ['Webhook retries flood our endpoint', 'api, webhooks'],
  ['Account locked after too many attempts', 'account, login'],
  ['Search ignores accented characters', 'search, i18n'],
  ['Refund for duplicate charge', 'billing, refund'],
  ['Slow dashboard on large projects', 'performance, dashboard'],
] as const;

const COMMENTS = [
  'Thanks for the report, looking into it now.',
  'Could you send a screenshot of the error?',
  'Reproduced on staging; a fix is on the way.',
  'Customer confirmed the workaround helps.',
  'Escalated to the engineering team.',
];

/** Small deterministic PRNG so the demo looks the same on every machine. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATHS: TicketStatus[][] = [
  [],
  ['open'],
  ['in_progress'],
  ['open', 'pending'],
  ['in_progress', 'resolved'],
  ['resolved', 'closed'],
  ['resolved', 'reopened'],
  ['in_progress', 'resolved', 'closed'],
];

/**
 * A business calendar (Berlin office hours with public holidays) and policies, so tickets carry
 * SLA targets: urgent and critical round the clock, high and medium in office hours, low none.
 * Over the demo's 90 days some targets are met, some breached, and recent tickets still run.
 */
async function loadDemoSla(ticketing: ReturnType<typeof createTicketing>, admin: Actor, year: number): Promise<void> {
  const weekday: [string, string][] = [['09:00', '17:00']];
  const holidays = [year - 1, year].flatMap((y) => [`${y}-01-01`, `${y}-05-01`, `${y}-10-03`, `${y}-12-24`, `${y}-12-25`, `${y}-12-26`, `${y}-12-31`]);
  const office = await ticketing.sla.calendars.create(admin, {
    name: 'Berlin office',
    timezone: 'Europe/Berlin',
    hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday },
    holidays,
  });
  await ticketing.sla.policies.create(admin, {
    name: 'Urgent and critical, round the clock',
    position: 10,
    match: { priority: ['urgent', 'critical'] },
    calendarId: null,
    targets: {
      critical: { firstResponseMinutes: 2 * 60, resolutionMinutes: 8 * 60 },
      urgent: { firstResponseMinutes: 4 * 60, resolutionMinutes: 24 * 60 },
    },
  });
  await ticketing.sla.policies.create(admin, {
    name: 'Standard, office hours',
    position: 20,
    calendarId: office.id,
    pauseStatuses: ['pending'],
    targets: {
      high: { firstResponseMinutes: 240, resolutionMinutes: 16 * 60 },
      medium: { firstResponseMinutes: 8 * 60, resolutionMinutes: 40 * 60 },
    },
  });
}

/**
 * Loads realistic demo data through the service (so history, metrics and numbering are real):
 * customers, staff and customer users, tickets spread over the past 90 days across every status,
 * priority and category, with tags, due dates, hours and public/internal comments, and a business
 * calendar with SLA policies.
 */
export async function loadDemoData(store: ServerStore, options: DemoOptions = {}): Promise<{ tickets: number }> {
  const total = options.tickets ?? 300;
  const maxComments = options.maxComments ?? 3;
  const rand = random(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const dir = store.directory;

  const customers = [];
  for (const [name, email] of [
    ['Acme Corp', 'support@acme.example'],
    ['Globex', 'it@globex.example'],
    ['Initech', 'helpdesk@initech.example'],
    ['Umbrella Health', 'ops@umbrella.example'],
  ] as const) {
    customers.push(await dir.addCustomer({ name, email }));
  }
  const staff: Actor[] = [];
  for (const name of ['Maya Patel', 'Jonas Weber', 'Lena Novak']) {
    const user = await dir.addUser({ name, email: `${name.split(' ')[0]!.toLowerCase()}@support.example`, role: 'staff' });
    staff.push({ id: user.id, role: 'staff' });
  }
  const customerUsers: Actor[] = [];
  for (const [i, customer] of customers.entries()) {
    const user = await dir.addUser({
      name: `${customer.name} contact`,
      email: `contact${i + 1}@customer.example`,
      role: 'customer',
      customerId: customer.id,
    });
    customerUsers.push({ id: user.id, role: 'customer', customerId: customer.id });
  }

  // The demo's own clock walks forward from 90 days ago so timestamps look lived-in.
  const end = Date.now();
  let now = end - 90 * 86_400_000;
  const step = (90 * 86_400_000) / Math.max(total, 1);
  const ticketing = createTicketing({ store, clock: { now: () => new Date(Math.floor(now / 1000) * 1000) }, blobs: options.blobs ?? createMemoryBlobStore() });

  await loadDemoSla(ticketing, staff[0]!, new Date(end).getUTCFullYear());

  for (let i = 0; i < total; i += 1) {
    now = end - 90 * 86_400_000 + i * step;
    const [subject, tags] = pick(SUBJECTS);
    const byCustomer = rand() < 0.3;
    const customerActor = pick(customerUsers);
    const author = byCustomer ? customerActor : pick(staff);
    const created = await ticketing.tickets.create(author, {
      subject: `${subject} (#${i + 1})`,
      description: `${subject}. Reported via the customer portal; details in the comments.`,
      category: pick(DEFAULT_CATEGORIES),
      tags,
      // Priority, assignment and SLA fields are staff-only.
      ...(!byCustomer && {
        customerId: customerActor.customerId!,
        priority: pick(TICKET_PRIORITIES),
        assignedToId: rand() < 0.75 ? pick(staff).id : null,
        dueDate: rand() < 0.6 ? new Date(now + (rand() * 20 - 3) * 86_400_000) : null,
        estimatedHours: rand() < 0.5 ? Math.round(rand() * 16 * 4) / 4 : null,
      }),
    });
    const comments = Math.floor(rand() * (maxComments + 1));
    for (let j = 0; j < comments; j += 1) {
      now += step / (comments + 2);
      const internal = rand() < 0.25;
      const writer = internal || rand() < 0.7 ? pick(staff) : customerActor;
      await ticketing.comments.add(writer, created.id, {
        content: pick(COMMENTS),
        isInternal: internal && writer.role === 'staff',
      });
    }
    // Most tickets older than two weeks got resolved, as in a working helpdesk (SLA attainment looks real).
    let path = pick(PATHS);
    const settled = path.includes('resolved') || path.includes('closed');
    if (!settled && end - now > 14 * 86_400_000 && rand() < 0.85) path = [...path, 'resolved'];
    for (const status of path) {
      now += step / 4;
      await ticketing.tickets.changeStatus(pick(staff), created.id, status);
    }
    if (options.blobs && i % 50 === 0) {
      await ticketing.attachments.add(pick(staff), created.id, {
        filename: 'error-log.txt',
        contentType: 'text/plain',
        description: 'Error log',
        body: new TextEncoder().encode(`[${new Date(now).toISOString()}] ERROR ${subject}\n`),
      });
    }
    if ((i + 1) % 1000 === 0) options.onProgress?.(i + 1);
  }
  return { tickets: total };
}
