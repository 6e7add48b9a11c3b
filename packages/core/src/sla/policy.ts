import { z } from 'zod';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketPriority, type TicketStatus } from '../domain/enums.js';
import { addIssue, parseSla } from './validation.js';

/** Targets for one priority; null (or missing) = no target for that clock. */
export interface SlaTarget {
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
}

/** Which tickets a policy applies to; an empty list accepts any value. */
export interface SlaMatch {
  priority: TicketPriority[];
  category: string[];
  /** Customer ids. */
  customer: number[];
}

/**
 * A service-level policy. Policies form an ordered list (lower `position` first, equal positions by
 * id); the first whose `match` accepts a ticket applies to it.
 */
export interface SlaPolicy {
  id: number;
  name: string;
  position: number;
  match: SlaMatch;
  /** Business calendar id; null = round-the-clock. */
  calendarId: number | null;
  /** Statuses during which the resolution clock stops counting. */
  pauseStatuses: TicketStatus[];
  /** Targets per priority; a priority without an entry has no targets. */
  targets: Partial<Record<TicketPriority, SlaTarget>>;
}

/** The longest target accepted: ten years of minutes. */
export const MAX_SLA_TARGET_MINUTES = 10 * 366 * 24 * 60;

const minutes = z
  .number({ error: 'A valid integer is required.' })
  .int('A valid integer is required.')
  .min(0, 'Ensure this value is greater than or equal to 0.')
  .max(MAX_SLA_TARGET_MINUTES, `Ensure this value is less than or equal to ${MAX_SLA_TARGET_MINUTES}.`)
  .nullable()
  .default(null);

const targetSchema = z.object({ firstResponseMinutes: minutes, resolutionMinutes: minutes });

const isPriority = (v: string): v is TicketPriority => (TICKET_PRIORITIES as readonly string[]).includes(v);
const isStatus = (v: string): v is TicketStatus => (TICKET_STATUSES as readonly string[]).includes(v);

const targetsSchema = z.record(z.string(), z.unknown(), { error: 'Expected an object of targets per priority.' }).transform(
  (raw, ctx) => {
    const targets: Partial<Record<TicketPriority, SlaTarget>> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (!isPriority(key)) {
        addIssue(ctx, [key], 'unknown_priority', `"${key}" is not a valid priority; use ${TICKET_PRIORITIES.join(', ')}.`, {
          value: key,
        });
        continue;
      }
      const parsed = targetSchema.safeParse(value ?? {}, { reportInput: true });
      if (parsed.success) targets[key] = parsed.data;
      else for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [key, ...issue.path] } as never);
    }
    return targets;
  },
);

function listOf<T extends string>(isValid: (v: string) => v is T, code: 'unknown_priority' | 'unknown_status', noun: string, all: readonly string[]) {
  return z.array(z.string()).transform((values, ctx) => {
    const out: T[] = [];
    values.forEach((v, index) => {
      if (isValid(v)) {
        if (!out.includes(v)) out.push(v);
      } else addIssue(ctx, [], code, `"${v}" is not a valid ${noun}; use ${all.join(', ')}.`, { index, value: v });
    });
    return out;
  });
}

const matchSchema = z
  .object({
    priority: listOf(isPriority, 'unknown_priority', 'priority', TICKET_PRIORITIES).default([]),
    category: z.array(z.string().min(1).max(50)).default([]),
    customer: z.array(z.number().int().positive()).default([]),
  })
  .default({ priority: [], category: [], customer: [] });

/**
 * Input of a policy write. `position` may be omitted (the store puts the policy last); `match`,
 * `calendarId` (null = round-the-clock) and `pauseStatuses` (default `["pending"]`) have defaults.
 * Unknown top-level keys are ignored. Whether `calendarId` exists is the caller's check.
 */
export const slaPolicyInputSchema = z.object({
  name: z.string().trim().min(1, 'This field may not be blank.').max(100),
  position: z.number().int('A valid integer is required.').min(-1_000_000_000).max(1_000_000_000).optional(),
  match: matchSchema,
  calendarId: z.number().int().positive().nullable().default(null),
  pauseStatuses: listOf(isStatus, 'unknown_status', 'status', TICKET_STATUSES).default(['pending']),
  targets: targetsSchema.default({}),
});

/** Policy fields a host writes. */
export type SlaPolicyInput = z.input<typeof slaPolicyInputSchema>;

/** Validates policy input (throws `SlaValidationError`, e.g. `{ targets: { mega: [...] } }`). */
export function parseSlaPolicyInput(input: unknown): z.output<typeof slaPolicyInputSchema> {
  return parseSla(slaPolicyInputSchema, input);
}

/** The ticket fields policy selection reads. */
export interface SlaTicketFacts {
  priority: TicketPriority;
  category: string;
  customerId: number;
}

/** Whether `policy.match` accepts the ticket (an empty list accepts any value). */
export function slaPolicyMatches(policy: Pick<SlaPolicy, 'match'>, ticket: SlaTicketFacts): boolean {
  const { priority, category, customer } = policy.match;
  return (
    (priority.length === 0 || priority.includes(ticket.priority)) &&
    (category.length === 0 || category.includes(ticket.category)) &&
    (customer.length === 0 || customer.includes(ticket.customerId))
  );
}

/** Orders policies as they are evaluated: by `position`, then by `id`. */
export function compareSlaPolicies(a: Pick<SlaPolicy, 'id' | 'position'>, b: Pick<SlaPolicy, 'id' | 'position'>): number {
  return a.position - b.position || a.id - b.id;
}

/** The first policy (by position, then id) whose match accepts the ticket, or null. */
export function selectSlaPolicy<P extends SlaPolicy>(policies: readonly P[], ticket: SlaTicketFacts): P | null {
  let best: P | null = null;
  for (const p of policies) {
    if (slaPolicyMatches(p, ticket) && (best === null || compareSlaPolicies(p, best) < 0)) best = p;
  }
  return best;
}

/** The targets a policy sets for a priority (both null when it sets none). */
export function slaTargetsFor(policy: Pick<SlaPolicy, 'targets'> | null, priority: TicketPriority): SlaTarget {
  const t = policy?.targets[priority];
  return { firstResponseMinutes: t?.firstResponseMinutes ?? null, resolutionMinutes: t?.resolutionMinutes ?? null };
}
