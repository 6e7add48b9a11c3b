import { StoreError } from '../errors.js';

interface ContextStorage<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
  disable?(): void;
}

type OpenStores = readonly object[];

// One AsyncLocalStorage for every store in the process (its cost grows with the number of
// instances, not of stores). Looked up at run time so core keeps no static `node:` import; where
// no AsyncLocalStorage exists (some non-Node runtimes), nesting cannot be detected and is not.
const storage: ContextStorage<OpenStores> | null = (() => {
  const g = globalThis as {
    AsyncLocalStorage?: new () => ContextStorage<OpenStores>;
    process?: { getBuiltinModule?: (id: string) => { AsyncLocalStorage?: new () => ContextStorage<OpenStores> } | undefined };
  };
  const Ctor = g.AsyncLocalStorage ?? g.process?.getBuiltinModule?.('node:async_hooks')?.AsyncLocalStorage;
  return Ctor ? new Ctor() : null;
})();

/** The error for a transaction started inside another transaction on the same store. */
export function nestedTransactionError(): StoreError {
  return new StoreError(
    'Nested transaction: this store is already running a transaction in this call chain. ' +
      'Use the `tx` handle passed to `transaction(fn)` inside `fn`; transactions do not nest.',
  );
}

/**
 * Whether the current async call chain is inside a transaction of `store` (always false where
 * the runtime has no AsyncLocalStorage).
 */
export function inTransactionOf(store: object): boolean {
  return storage?.getStore()?.includes(store) ?? false;
}

// Transaction bodies written by this library (the service's), which use only their `tx` handle.
const libraryBodies = new WeakSet<object>();

/**
 * Marks `body` as one of the service's own transaction bodies: it calls nothing but its `tx`
 * handle (its tests hold it to that), so {@link runAsTransaction} need not track its call chain.
 * Internal to core; not exported from the package.
 */
export function libraryTransactionBody<F extends (...args: never[]) => unknown>(body: F): F {
  libraryBodies.add(body);
  return body;
}

/**
 * Runs `fn` as the body of a transaction of `store`: a `transaction` call on the same store from
 * inside `fn` is rejected with {@link nestedTransactionError} instead of waiting for itself.
 * Transactions of other stores may still run inside.
 *
 * Pass the function the caller gave `transaction` as `body`: when it is one of the service's own
 * (which use only their `tx`), nothing is tracked. The tracking is for bodies a host writes; on
 * Node 22 it costs every promise created while it runs (≈ 8 % of a SQLite create).
 * @throws StoreError when already inside a transaction of `store`.
 */
export function runAsTransaction<T>(store: object, fn: () => Promise<T>, body?: object): Promise<T> {
  if (!storage || (body !== undefined && libraryBodies.has(body))) return fn();
  const open = openTransactions > 0 ? (storage.getStore() ?? []) : [];
  if (open.includes(store)) return Promise.reject(nestedTransactionError());
  openTransactions++;
  let running: Promise<T>;
  try {
    running = storage.run([...open, store], fn);
  } catch (error) {
    transactionEnded();
    throw error;
  }
  return running.finally(transactionEnded);
}

// Transactions running in this process, of any store. While there are none, the storage is
// disabled: on Node 22 an enabled AsyncLocalStorage tracks every promise the process creates,
// which made plain reads 10–30 % slower once any transaction had run. `run` enables it again.
let openTransactions = 0;

function transactionEnded(): void {
  openTransactions--;
  if (openTransactions === 0) storage?.disable?.();
}

/** The error for a transaction handle used after its transaction ended. */
export function finishedTransactionError(): StoreError {
  return new StoreError('The transaction has already finished: a `tx` handle works only inside its `transaction(fn)`.');
}

/**
 * Wraps every method of a transaction handle so that it rejects with
 * {@link finishedTransactionError} once `isOpen()` is false: a handle kept past its transaction
 * cannot read or write outside any transaction.
 */
export function closableHandle<T extends object>(handle: T, isOpen: () => boolean): T {
  const guarded = Object.entries(handle).map(([name, op]) => [
    name,
    (...args: unknown[]) =>
      isOpen() ? (op as (...a: unknown[]) => Promise<unknown>)(...args) : Promise.reject(finishedTransactionError()),
  ]);
  return Object.fromEntries(guarded) as T;
}
