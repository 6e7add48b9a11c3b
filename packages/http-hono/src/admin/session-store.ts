import { createMemorySessionStore, type Directory, type SessionStore } from '@tessera/core';

function isSessionStore(value: unknown): value is SessionStore {
  const v = value as Partial<SessionStore> | null | undefined;
  return typeof v?.addSession === 'function' && typeof v.findSession === 'function' && typeof v.deleteSession === 'function';
}

/**
 * Where the admin keeps signed-in sessions: the given store; else the service's directory when it
 * stores sessions (a store-backed directory: shared by every process on the database); else a
 * single-process in-memory store.
 */
export function resolveSessionStore(given: SessionStore | undefined, directory: Directory | null | undefined): SessionStore {
  if (given) return given;
  if (isSessionStore(directory)) return directory;
  return createMemorySessionStore();
}
