import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeDatabase, loadConfig } from '../src/config.js';

describe('standalone configuration', () => {
  it('defaults to SQLite under ./data on 127.0.0.1:3000 with a 25 MB upload limit', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      database: { kind: 'sqlite', filename: resolve('data/tessera.db'), cacheSizeKiB: 32 * 1024 },
      blobDirectory: resolve('data/attachments'),
      uploadLimitBytes: 26_214_400,
      requestLog: true,
    });
  });

  it('switches to Postgres on a postgres:// DATABASE_URL and reads the other variables', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:secret@db:5433/app', PORT: '8080', HOST: '0.0.0.0', TESSERA_UPLOAD_LIMIT_BYTES: '10', TESSERA_REQUEST_LOG: 'off' });
    expect(config).toMatchObject({ host: '0.0.0.0', port: 8080, uploadLimitBytes: 10, requestLog: false, database: { kind: 'postgres', schema: 'tessera' } });
    expect(describeDatabase(config)).toBe('PostgreSQL db:5433/app (schema tessera)');
    expect(describeDatabase(config)).not.toContain('secret');
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.db', TESSERA_SQLITE_CACHE_MIB: '8' }).database).toEqual({ kind: 'sqlite', filename: '/tmp/x.db', cacheSizeKiB: 8192 });
  });

  it('refuses nonsense with a clear message', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be an integer/);
    expect(() => loadConfig({ TESSERA_UPLOAD_LIMIT_BYTES: '-1' })).toThrow(/TESSERA_UPLOAD_LIMIT_BYTES/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must start with/);
  });
});
