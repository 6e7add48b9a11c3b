import type { SessionRecord, SessionStore } from '../ports/directory.js';

/** Most sessions an in-memory store keeps; past it, expired ones are swept, then the oldest go. */
const MEMORY_SESSION_LIMIT = 10_000;

/** An in-memory {@link SessionStore} that can also end sessions in bulk (revoked tokens, removed users). */
export interface MemorySessionStore extends SessionStore {
  /** Ends every session `match` accepts. */
  deleteMatching(match: (session: SessionRecord) => boolean): void;
}

/**
 * Admin sessions kept in this process's memory, at most 10,000 (expired ones are swept first, then
 * the oldest go). **Single process only**: a second process (or a restart) does not see them, so
 * signing out on one process does not end the session on another, and a restart signs everyone
 * out. Hosts that run several processes use a shared {@link SessionStore} (a SQL store's
 * `directory` is one). Results are copies.
 */
export function createMemorySessionStore(): MemorySessionStore {
  const sessions = new Map<string, SessionRecord>();
  const deleteMatching = (match: (session: SessionRecord) => boolean) => {
    for (const [id, s] of sessions) if (match(s)) sessions.delete(id);
  };
  return {
    async addSession(session) {
      if (sessions.size >= MEMORY_SESSION_LIMIT) {
        const now = Date.now();
        deleteMatching((s) => s.expiresAt.getTime() <= now);
        // Maps iterate in insertion order: the first key is the oldest session.
        while (sessions.size >= MEMORY_SESSION_LIMIT) sessions.delete(sessions.keys().next().value!);
      }
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
    deleteMatching,
  };
}
