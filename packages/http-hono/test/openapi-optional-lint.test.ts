import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createOpenApiDocument, createTicketingRouter } from '../src/index.js';
import { createMemoryIdempotency } from '@tessera/core';
import { createMemoryWebhookStore, createWebhookService } from '@tessera/webhooks';
import { createFixture } from './fixture.js';

const here = dirname(fileURLToPath(import.meta.url));
const redocly = resolve(here, '../node_modules/.bin/redocly');
const config = resolve(here, '../../../redocly.yaml');

describe('redocly lint with the optional parts on', () => {
  it('passes with /webhooks/ routes and the Idempotency-Key header documented', async () => {
    const f = await createFixture('memory');
    const dir = mkdtempSync(join(tmpdir(), 'tessera-openapi-'));
    try {
      const doc = createOpenApiDocument(createTicketingRouter({
          ticketing: f.ticketing,
          authenticate: () => null,
          webhooks: createWebhookService({ store: createMemoryWebhookStore() }),
          idempotency: createMemoryIdempotency(),
        }), '/api/ticketing');
      expect(Object.keys(doc.paths as object)).toContain('/webhooks/{id}/deliveries/');
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc, null, 2));
      const run = await promisify(execFile)(redocly, ['lint', file, '--config', config, '--format', 'json'], {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      }).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }));
      const report = JSON.parse(run.stdout) as { problems: Array<{ ruleId: string; message: string }> };
      expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await f.close();
    }
  }, 60_000);
});
