import { describe, expect, it } from 'vitest';

import { DEFAULT_RETRY_POLICY, nextRetryAt, parseDuration, parseRetryAfter, parseRetrySchedule, webhookConfigFromEnv } from '../src/index.js';

const t0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('retry schedule', () => {
  it('parses durations and TESSERA_WEBHOOK_RETRY_SCHEDULE', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('5s')).toBe(5_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('10')).toBe(10_000);
    expect(parseRetrySchedule('5s, 30s,2m')).toEqual({ kind: 'schedule', delaysMs: [5_000, 30_000, 120_000] });
    expect(() => parseRetrySchedule('5s,soon')).toThrow(/Invalid duration "soon"/);
    expect(() => parseRetrySchedule(' , ')).toThrow(/Empty retry schedule/);
  });

  it('reads the environment: a configured schedule wins, allow-private flag', () => {
    expect(webhookConfigFromEnv({})).toEqual({ allowPrivate: false, retryPolicy: DEFAULT_RETRY_POLICY, leaseMs: 60_000 });
    expect(webhookConfigFromEnv({ TESSERA_WEBHOOK_ALLOW_PRIVATE: '1', TESSERA_WEBHOOK_RETRY_SCHEDULE: '1s,2s', TESSERA_WEBHOOK_LEASE_MS: '120000' })).toEqual({
      allowPrivate: true,
      retryPolicy: { kind: 'schedule', delaysMs: [1_000, 2_000] },
      leaseMs: 120_000,
    });
    expect(() => webhookConfigFromEnv({ TESSERA_WEBHOOK_RETRY_SCHEDULE: 'x' })).toThrow(/TESSERA_WEBHOOK_RETRY_SCHEDULE/);
  });

  it('reads TESSERA_WEBHOOK_LEASE_MS and refuses a lease too short to cover a send, too long, or not a number', () => {
    expect(webhookConfigFromEnv({ TESSERA_WEBHOOK_LEASE_MS: ' 30000 ' }).leaseMs).toBe(30_000);
    expect(webhookConfigFromEnv({ TESSERA_WEBHOOK_LEASE_MS: '86400000' }).leaseMs).toBe(86_400_000);
    for (const bad of ['29999', '86400001', '60s', '6e4', '-60000', '60000.5']) {
      expect(() => webhookConfigFromEnv({ TESSERA_WEBHOOK_LEASE_MS: bad })).toThrow(
        `TESSERA_WEBHOOK_LEASE_MS must be a whole number of milliseconds between 30000 and 86400000, got "${bad}".`,
      );
    }
  });

  it('follows a fixed schedule, then gives up; Retry-After replaces the wait', () => {
    const policy = parseRetrySchedule('5s,30s');
    expect(nextRetryAt(policy, 1, t0, t0, null)).toEqual(at(5_000));
    expect(nextRetryAt(policy, 2, t0, at(5_000), null)).toEqual(at(35_000));
    expect(nextRetryAt(policy, 3, t0, at(35_000), null)).toBeNull();
    expect(nextRetryAt(policy, 1, t0, t0, 90_000)).toEqual(at(90_000));
  });

  it('backs off exponentially with full jitter, capped, for at least 24 hours', () => {
    const policy = DEFAULT_RETRY_POLICY;
    // random() = 1- gives the ceiling of each step; 0 gives the floor (one base delay).
    const top = () => 0.999999;
    expect(nextRetryAt(policy, 1, t0, t0, null, top)!.getTime() - t0.getTime()).toBeLessThanOrEqual(5_000);
    expect(nextRetryAt(policy, 4, t0, t0, null, top)!.getTime() - t0.getTime()).toBeGreaterThan(39_000);
    expect(nextRetryAt(policy, 4, t0, t0, null, () => 0)!.getTime() - t0.getTime()).toBe(5_000);
    expect(nextRetryAt(policy, 30, t0, t0, null, top)!.getTime() - t0.getTime()).toBeLessThanOrEqual(3_600_000);
    // Simulate worst-case (shortest) waits: still retrying until 24 h have passed, then failed.
    let now = t0;
    let attempt = 1;
    for (;;) {
      const next = nextRetryAt(policy, attempt, t0, now, null, () => 0);
      if (!next) break;
      now = next;
      attempt++;
    }
    expect(now.getTime() - t0.getTime()).toBeGreaterThanOrEqual(24 * 3_600_000);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('120', t0)).toBe(120_000);
    expect(parseRetryAfter(new Date(t0.getTime() + 60_000).toUTCString(), t0)).toBe(60_000);
    expect(parseRetryAfter('soon', t0)).toBeNull();
    expect(parseRetryAfter(undefined, t0)).toBeNull();
  });
});
