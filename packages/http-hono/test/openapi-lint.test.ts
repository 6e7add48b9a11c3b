import { describe, expect, it } from 'vitest';
import { lintOpenApi } from './redocly-lint.js';

describe('redocly lint', () => {
  it('passes the OpenAPI document with the repository config (recommended rules, trailing slashes kept)', async () => {
    expect((await lintOpenApi()).problems).toEqual([]);
  }, 60_000);
});
