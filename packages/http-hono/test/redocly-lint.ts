import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createOpenApiDocument, createTicketingRouter, type TicketingRouterOptions } from '../src/index.js';
import { createFixture } from './fixture.js';

const here = dirname(fileURLToPath(import.meta.url));
const redocly = resolve(here, '../node_modules/.bin/redocly');
const config = resolve(here, '../../../redocly.yaml');

/**
 * Builds the OpenAPI document of a router over a memory fixture (with `options` added) and lints
 * it with redocly and the repository config. Returns the document and the problems as
 * `rule: message` lines (none when it passes).
 */
export async function lintOpenApi(options: Partial<TicketingRouterOptions> = {}): Promise<{ doc: ReturnType<typeof createOpenApiDocument>; problems: string[] }> {
  const f = await createFixture('memory');
  const dir = mkdtempSync(join(tmpdir(), 'tessera-openapi-'));
  try {
    const doc = createOpenApiDocument(createTicketingRouter({ ticketing: f.ticketing, authenticate: () => null, ...options }), '/api/ticketing');
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const run = await promisify(execFile)(redocly, ['lint', file, '--config', config, '--format', 'json'], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    }).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }));
    const report = JSON.parse(run.stdout) as { problems: Array<{ ruleId: string; message: string }> };
    return { doc, problems: report.problems.map((p) => `${p.ruleId}: ${p.message}`) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await f.close();
  }
}
