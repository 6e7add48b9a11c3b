import type { CustomerRecord, UserRecord } from '../domain/model.js';
import type { Directory } from '../ports/directory.js';

/**
 * A directory that remembers the users and customers it has looked up, for the length of one
 * service call. A create checks its customer and assignee and then shows their names: with the
 * memo that is one lookup per kind instead of two (each lookup is a store round trip).
 */
export interface DirectoryMemo extends Directory {
  /** Looks up every given id of each kind in one call per kind, so later reads are served from memory. */
  prefetch(ids: { users?: readonly (number | null | undefined)[]; customers?: readonly (number | null | undefined)[] }): Promise<void>;
}

export function memoizeDirectory(directory: Directory): DirectoryMemo {
  const users = new Map<number, UserRecord | null>();
  const customers = new Map<number, CustomerRecord | null>();
  const lookup = async <R extends { id: number }>(
    known: Map<number, R | null>,
    ids: readonly number[],
    fetch: (ids: readonly number[]) => Promise<R[]>,
  ): Promise<R[]> => {
    const missing = [...new Set(ids.filter((id) => !known.has(id)))];
    if (missing.length > 0) {
      const found = await fetch(missing);
      for (const id of missing) known.set(id, null);
      for (const record of found) known.set(record.id, record);
    }
    const out: R[] = [];
    for (const id of new Set(ids)) {
      const record = known.get(id);
      if (record) out.push(record);
    }
    return out;
  };
  const present = (ids: readonly (number | null | undefined)[] = []) => ids.filter((id): id is number => typeof id === 'number');
  return {
    getUsers: (ids) => lookup(users, ids, (missing) => directory.getUsers(missing)),
    getCustomers: (ids) => lookup(customers, ids, (missing) => directory.getCustomers(missing)),
    searchUsers: (query, options) => directory.searchUsers(query, options),
    searchCustomers: (query, options) => directory.searchCustomers(query, options),
    async prefetch(ids) {
      const userIds = present(ids.users);
      const customerIds = present(ids.customers);
      await Promise.all([
        userIds.length > 0 ? lookup(users, userIds, (missing) => directory.getUsers(missing)) : null,
        customerIds.length > 0 ? lookup(customers, customerIds, (missing) => directory.getCustomers(missing)) : null,
      ]);
    },
  };
}
