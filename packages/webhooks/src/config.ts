import { DEFAULT_RETRY_POLICY, parseRetrySchedule, type RetryPolicy } from './domain/retry-schedule.js';

/** Dispatcher settings read from the environment. */
export interface WebhookEnvConfig {
  /** `TESSERA_WEBHOOK_ALLOW_PRIVATE=1`: allow loopback/private/link-local/metadata targets (development). */
  allowPrivate: boolean;
  /** `TESSERA_WEBHOOK_RETRY_SCHEDULE=5s,30s,2m` wins over the default 24 h backoff. */
  retryPolicy: RetryPolicy;
  /** `TESSERA_WEBHOOK_LEASE_MS`: how long a dispatcher's claim is exclusive (default 60 s; see {@link LEASE_MS_RANGE}). */
  leaseMs: number;
}

/**
 * Bounds of `TESSERA_WEBHOOK_LEASE_MS`. A claimed attempt may wait behind one send to its endpoint
 * and then take its own (10 s timeout each): a lease shorter than 30 s could run out mid-send and
 * let another dispatcher send the attempt again. A dead dispatcher's claims wait out the lease,
 * so a day is the most that makes sense.
 */
export const LEASE_MS_RANGE = { min: 30_000, max: 86_400_000, default: 60_000 } as const;

function leaseMsFrom(value: string | undefined): number {
  const text = value?.trim();
  if (!text) return LEASE_MS_RANGE.default;
  const n = Number(text);
  if (!/^\d+$/u.test(text) || n < LEASE_MS_RANGE.min || n > LEASE_MS_RANGE.max) {
    throw new Error(
      `TESSERA_WEBHOOK_LEASE_MS must be a whole number of milliseconds between ${LEASE_MS_RANGE.min} and ${LEASE_MS_RANGE.max}, got "${value}".`,
    );
  }
  return n;
}

/** Reads the webhook settings; throws with a clear message on a malformed retry schedule or lease. */
export function webhookConfigFromEnv(env: Record<string, string | undefined> = process.env): WebhookEnvConfig {
  const schedule = env.TESSERA_WEBHOOK_RETRY_SCHEDULE?.trim();
  let retryPolicy = DEFAULT_RETRY_POLICY;
  if (schedule) {
    try {
      retryPolicy = parseRetrySchedule(schedule);
    } catch (error) {
      throw new Error(`TESSERA_WEBHOOK_RETRY_SCHEDULE: ${(error as Error).message}`);
    }
  }
  return {
    allowPrivate: ['1', 'true', 'yes'].includes((env.TESSERA_WEBHOOK_ALLOW_PRIVATE ?? '').toLowerCase()),
    retryPolicy,
    leaseMs: leaseMsFrom(env.TESSERA_WEBHOOK_LEASE_MS),
  };
}
