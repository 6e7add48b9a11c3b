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
  /** Remembers records read elsewhere from the same directory (a store's ticket detail), so reads of them are served from memory. */
  prime(people: People): void;
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
  const missingOf = (known: Map<number, unknown>, ids: readonly (number | null | undefined)[] = []) => [
    ...new Set(ids.filter((id): id is number => typeof id === 'number' && !known.has(id))),
  ];
  // Ids asked for and not found are remembered as absent, so a second read does not ask again.
  const remember = <R extends { id: number }>(known: Map<number, R | null>, asked: readonly number[], found: readonly R[]) => {
    for (const id of asked) known.set(id, null);
    for (const record of found) known.set(record.id, record);
  };
  const lookup = async <R extends { id: number }>(
    known: Map<number, R | null>,
    ids: readonly number[],
    fetch: (ids: readonly number[]) => Promise<R[]>,
  ): Promise<R[]> => {
    const missing = missingOf(known, ids);
    if (missing.length > 0) remember(known, missing, await fetch(missing));
    return [...new Set(ids)].flatMap((id) => known.get(id) ?? []);
  };
  return {
    getUsers: (ids) => lookup(users, ids, (missing) => directory.getUsers(missing)),
    getCustomers: (ids) => lookup(customers, ids, (missing) => directory.getCustomers(missing)),
    searchUsers: (query, options) => directory.searchUsers(query, options),
    searchCustomers: (query, options) => directory.searchCustomers(query, options),
    prime(people) {
      for (const user of people.users) users.set(user.id, user);
      for (const customer of people.customers) customers.set(customer.id, customer);
    },
    async prefetch(ids) {
      const missingUsers = missingOf(users, ids.users);
      const missingCustomers = missingOf(customers, ids.customers);
      const found = await lookUpPeople(directory, { users: missingUsers, customers: missingCustomers });
      remember(users, missingUsers, found.users);
      remember(customers, missingCustomers, found.customers);
    },
  };
}
