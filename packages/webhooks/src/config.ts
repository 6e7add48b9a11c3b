import { DEFAULT_RETRY_POLICY, parseRetrySchedule, type RetryPolicy } from './domain/retry-schedule.js';

/** Dispatcher settings read from the environment. */
export interface WebhookEnvConfig {
  /** `TESSERA_WEBHOOK_ALLOW_PRIVATE=1`: allow loopback/private/link-local/metadata targets (development). */
  allowPrivate: boolean;
  /** `TESSERA_WEBHOOK_RETRY_SCHEDULE=5s,30s,2m` wins over the default 24 h backoff. */
  retryPolicy: RetryPolicy;
}

/** Reads the webhook settings; throws with a clear message on a malformed retry schedule. */
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
  return { allowPrivate: ['1', 'true', 'yes'].includes((env.TESSERA_WEBHOOK_ALLOW_PRIVATE ?? '').toLowerCase()), retryPolicy };
}
