import type { Directory, SessionRecord, SessionStore } from '@tessera/core';

/** Most sessions an in-memory store keeps; past it, expired ones are swept, then the oldest go. */
const MEMORY_SESSION_LIMIT = 10_000;

/**
 * Admin sessions kept in this process's memory. **Single process only**: a second process (or a
 * restart) does not see them, so signing out on one process does not end the session on another,
 * and a restart signs everyone out. Hosts that run several processes pass a shared
 * {@link SessionStore} (a store's `directory` is one) as `sessionStore`.
 */
export function createMemorySessionStore(): SessionStore {
  const sessions = new Map<string, SessionRecord>();
  const sweep = () => {
    const now = Date.now();
    for (const [id, s] of sessions) if (s.expiresAt.getTime() <= now) sessions.delete(id);
    while (sessions.size >= MEMORY_SESSION_LIMIT) sessions.delete(sessions.keys().next().value!);
  };
  return {
    async addSession(session) {
      if (sessions.size >= MEMORY_SESSION_LIMIT) sweep();
      sessions.set(session.idHash, { ...session });
    },
    async findSession(idHash) {
      const session = sessions.get(idHash);
      if (!session) return null;
      if (session.expiresAt.getTime() <= Date.now()) {
        sessions.delete(idHash);
        return null;
      }
      return { ...session };
    },
    async deleteSession(idHash) {
      sessions.delete(idHash);
    },
  };
}

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
