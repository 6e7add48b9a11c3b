import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { runStoreConformance } from '@tessera/core/testing';
import { openSqliteStore } from '@tessera/store-sqlite';

describe('SQLite, file-backed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-conformance-'));
  let n = 0;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  runStoreConformance({
    name: 'sqlite (file)',
    createStore: () => openSqliteStore({ filename: join(dir, `store-${++n}.db`) }),
  });
});

describe('SQLite, :memory:', () => {
  runStoreConformance({
    name: 'sqlite (:memory:)',
    createStore: () => openSqliteStore({ filename: ':memory:' }),
  });
});
