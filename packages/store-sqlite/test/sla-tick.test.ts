import { fileURLToPath } from 'node:url';
import { runSlaTickAcrossProcesses, startWorkerProcess } from '@tessera/core/testing';
import { openSqliteStore, type SqliteStore } from '@tessera/store-sqlite';
import { useTempDir } from './helpers.js';

const path = useTempDir('sla-tick');
const worker = fileURLToPath(new URL('./fixtures/tick-worker.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));
let files = 0;

runSlaTickAcrossProcesses({
  name: 'sqlite (one file)',
  createStore: () => openSqliteStore({ filename: path(`tick-${++files}.db`) }),
  startTicker: (store, now) => startWorkerProcess(worker, { cwd: root, args: [(store as SqliteStore).database.name, now.toISOString()] }),
});
