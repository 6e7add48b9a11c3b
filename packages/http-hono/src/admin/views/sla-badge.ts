import { html } from 'hono/html';
import type { Html } from './html.js';

/** The SLA fields of a ticket view the badge reads (absent in a customer's view). */
export interface SlaBadgeFacts {
  status: string;
  firstResponseAt: Date | null;
  slaStatus?: 'none' | 'active' | 'paused' | 'fulfilled' | 'breached' | undefined;
  firstResponseDueAt?: Date | null | undefined;
  firstResponseBreached?: boolean | undefined;
  resolutionDueAt?: Date | null | undefined;
  resolutionBreached?: boolean | undefined;
}

const MINUTE = 60_000;

/** A span as people read it: `2d 3h`, `2h 15m`, `45m`, `under a minute`. */
export function humanDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / MINUTE);
  if (minutes < 1) return 'under a minute';
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  return `${m}m`;
}

const isFinal = (status: string) => status === 'resolved' || status === 'closed';

/**
 * What the badge says about a ticket at `now`: which target it is about, and the words. Breached
 * names the earliest missed due time; active names the nearest running one.
 */
export function slaBadgeText(t: SlaBadgeFacts, now: Date): { kind: 'breached' | 'paused' | 'active' | 'soon' | 'fulfilled'; text: string; title: string } | null {
  const at = now.getTime();
  if (t.slaStatus === undefined || t.slaStatus === 'none') return null;
  if (t.slaStatus === 'breached') {
    const missed = [
      t.firstResponseBreached && t.firstResponseDueAt ? { what: 'First response', due: t.firstResponseDueAt } : null,
      t.resolutionBreached && t.resolutionDueAt ? { what: 'Resolution', due: t.resolutionDueAt } : null,
    ].filter((x) => x !== null).sort((a, b) => a.due.getTime() - b.due.getTime())[0];
    if (!missed) return { kind: 'breached', text: 'Breached', title: 'A service-level target was missed.' };
    const ago = at - missed.due.getTime();
    return {
      kind: 'breached',
      text: ago >= 0 ? `Breached ${humanDuration(ago)} ago` : 'Breached',
      title: `${missed.what} was due ${missed.due.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    };
  }
  if (t.slaStatus === 'paused') return { kind: 'paused', text: 'SLA paused', title: 'The resolution clock is paused in this status.' };
  if (t.slaStatus === 'fulfilled') return { kind: 'fulfilled', text: 'SLA met', title: 'Every target was met.' };
  const running = [
    t.firstResponseAt === null && !isFinal(t.status) && t.firstResponseDueAt ? { what: 'First response', due: t.firstResponseDueAt } : null,
    !isFinal(t.status) && t.resolutionDueAt ? { what: 'Resolution', due: t.resolutionDueAt } : null,
  ].filter((x) => x !== null).sort((a, b) => a.due.getTime() - b.due.getTime())[0];
  if (!running) return { kind: 'active', text: 'SLA running', title: 'A service-level target is running.' };
  const left = running.due.getTime() - at;
  return {
    kind: left < 60 * MINUTE ? 'soon' : 'active',
    text: `${humanDuration(left)} left`,
    title: `${running.what} due ${running.due.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
  };
}

/** The SLA badge of a ticket: time left, time since a breach, paused or met; nothing without targets. */
export function slaBadge(t: SlaBadgeFacts, now: Date): Html {
  const badge = slaBadgeText(t, now);
  if (!badge) return html`<span class="muted">—</span>`;
  return html`<span class="badge sla-${badge.kind}" title="${badge.title}">${badge.text}</span>`;
}
