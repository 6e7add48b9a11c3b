import { z } from 'zod';

/** Every ticket status, in lifecycle order. New tickets start `new`. */
export const TICKET_STATUSES = ['new', 'open', 'in_progress', 'pending', 'resolved', 'closed', 'reopened'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const ticketStatusSchema = z.enum(TICKET_STATUSES);

/** Priorities in rank order (lowest first); ordering by priority uses this rank, not the alphabet. */
export const TICKET_PRIORITIES = ['low', 'medium', 'high', 'urgent', 'critical'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const ticketPrioritySchema = z.enum(TICKET_PRIORITIES);

/** Rank of a priority: low = 1 … critical = 5. Stores persist it so ordering can use an index. */
export function priorityRank(priority: TicketPriority): number {
  return TICKET_PRIORITIES.indexOf(priority) + 1;
}

/** The default category set; hosts can configure their own through `createTicketing({ categories })`. */
export const DEFAULT_CATEGORIES = [
  'technical',
  'billing',
  'product',
  'feature_request',
  'bug',
  'account',
  'general',
  'other',
] as const;

/** A ticket's overall SLA state (precedence breached > paused > active > fulfilled; `none` without targets). */
export const SLA_STATUSES = ['none', 'active', 'paused', 'fulfilled', 'breached'] as const;
export const slaStatusSchema = z.enum(SLA_STATUSES);

/** States of a ticket's first-response clock: no target, running, stopped (responded, or resolved/closed first). */
export const FIRST_RESPONSE_CLOCKS = ['none', 'running', 'stopped'] as const;
export type FirstResponseClock = (typeof FIRST_RESPONSE_CLOCKS)[number];
/** States of a ticket's resolution clock: no target, running, paused (pause status), fulfilled (resolved/closed). */
export const RESOLUTION_CLOCKS = ['none', 'running', 'paused', 'fulfilled'] as const;
export type ResolutionClock = (typeof RESOLUTION_CLOCKS)[number];

/** Roles an actor can have: staff see and manage every ticket; customers only their own customer's. */
export const ACTOR_ROLES = ['staff', 'customer'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/** Actions written to the audit trail. */
export const HISTORY_ACTIONS = [
  'created',
  'status_changed',
  'assigned',
  'unassigned',
  'priority_changed',
  'category_changed',
  'updated',
  'comment_added',
  'attachment_added',
  'attachment_removed',
  'sla_breached',
] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];
export const historyActionSchema = z.enum(HISTORY_ACTIONS);

/** Fields a ticket list can be ordered by (prefix `-` on the wire for descending). */
export const TICKET_ORDER_FIELDS = [
  'created_at',
  'updated_at',
  'due_date',
  'priority',
  'status',
  'ticket_number',
  'first_response_due_at',
  'resolution_due_at',
] as const;
export type TicketOrderField = (typeof TICKET_ORDER_FIELDS)[number];
