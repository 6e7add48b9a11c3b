import type { CustomerRecord, UserRecord } from '../domain/model.js';
import type { Directory, People, PeopleIds } from '../ports/directory.js';

/**
 * A directory that remembers the users and customers it has looked up, for the length of one
 * service call. A create checks its customer and assignee and then shows their names: with the
 * memo that is one lookup instead of four (each lookup is a store round trip).
 */
export interface DirectoryMemo extends Directory {
  /** Looks up every given id in one round trip where the directory can (`getPeople`), so later reads are served from memory. */
  prefetch(ids: { users?: readonly (number | null | undefined)[]; customers?: readonly (number | null | undefined)[] }): Promise<void>;
}

/** The users and customers among `ids`: one `getPeople` call where the directory has it, else two calls. */
export async function lookUpPeople(directory: Directory, ids: PeopleIds): Promise<People> {
  if (ids.users.length > 0 && ids.customers.length > 0 && directory.getPeople) return directory.getPeople(ids);
  const [users, customers] = await Promise.all([
    ids.users.length > 0 ? directory.getUsers(ids.users) : [],
    ids.customers.length > 0 ? directory.getCustomers(ids.customers) : [],
  ]);
  return { users, customers };
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
    if (missing.length > 0) remember(known, missing, await fetch(missing));
    const out: R[] = [];
    for (const id of new Set(ids)) {
      const record = known.get(id);
      if (record) out.push(record);
    }
    return out;
  };
  const remember = <R extends { id: number }>(known: Map<number, R | null>, asked: readonly number[], found: readonly R[]) => {
    for (const id of asked) known.set(id, null);
    for (const record of found) known.set(record.id, record);
  };
  const present = (ids: readonly (number | null | undefined)[] = []) => ids.filter((id): id is number => typeof id === 'number');
  return {
    getUsers: (ids) => lookup(users, ids, (missing) => directory.getUsers(missing)),
    getCustomers: (ids) => lookup(customers, ids, (missing) => directory.getCustomers(missing)),
    searchUsers: (query, options) => directory.searchUsers(query, options),
    searchCustomers: (query, options) => directory.searchCustomers(query, options),
    async prefetch(ids) {
      const missingUsers = [...new Set(present(ids.users))].filter((id) => !users.has(id));
      const missingCustomers = [...new Set(present(ids.customers))].filter((id) => !customers.has(id));
      const found = await lookUpPeople(directory, { users: missingUsers, customers: missingCustomers });
      remember(users, missingUsers, found.users);
      remember(customers, missingCustomers, found.customers);
    },
  };
}
