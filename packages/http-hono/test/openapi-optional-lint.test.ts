import { describe, expect, it } from 'vitest';
import { createMemoryIdempotency } from '@tessera/core';
import { createMemoryWebhookStore, createWebhookService } from '@tessera/webhooks';
import { lintOpenApi } from './redocly-lint.js';

describe('redocly lint with the optional parts on', () => {
  it('passes with /webhooks/ routes and the Idempotency-Key header documented', async () => {
    const { doc, problems } = await lintOpenApi({
      webhooks: createWebhookService({ store: createMemoryWebhookStore() }),
      idempotency: createMemoryIdempotency(),
    });
    expect(Object.keys(doc.paths as object)).toContain('/webhooks/{id}/deliveries/');
    expect(problems).toEqual([]);
  }, 60_000);
});
