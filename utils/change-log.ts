/**
 * The sync's change log (database version 10; docs/sync.md, "What a sync reads"): which records
 * changed since the sync last exported them, so a sync reads those records and not the whole
 * library. Every write of a synced store marks its record's document id in `syncChanges`, in the
 * same transaction as the write: a change and its mark commit or roll back together.
 *
 * The marks are made here, under every writer, rather than by each of the ~30 write paths (and
 * those still to come): `trackChanges` wraps the opened database so that a read-write
 * transaction over a synced store also holds `syncChanges`, and its stores' put/add/delete/clear
 * (and a cursor's update/delete) mark what they touch. A path that forgot a mark would make a
 * change the sync never sends; here no path can forget.
 */

/** The stores whose records are sync documents (utils/sync/docs.ts), with their document type. */
export const SYNCED_STORES = {
  clips: 'clip',
  bodies: 'body',
  quotes: 'quote',
  boards: 'board',
  placements: 'placement',
  settings: 'setting',
} as const;
type SyncedStore = keyof typeof SYNCED_STORES;

export const CHANGES_STORE = 'syncChanges';
/**
 * The mark that says "any record may have changed": the next export reads the whole library
 * once. Set by an upgrade of an existing library, a store cleared, a range deleted.
 */
export const EVERYTHING = '*';

const isSynced = (name: string): name is SyncedStore => Object.hasOwn(SYNCED_STORES, name);

/** A mark's value: a new one at each write, so an export clears only marks it has read. */
const newMark = (): number => Math.random();

/** The transactions whose writes make no marks (the sync's own import: see `withoutMarks`). */
const unmarked = new WeakSet<object>();

/**
 * Makes the writes of `tx` leave no marks: the sync's import writes what the mirror already
 * holds, so marking it would only make the next export read it again for nothing.
 */
export function withoutMarks<T extends object>(tx: T): T {
  unmarked.add(tx);
  return tx;
}

type AnyFunction = (...args: unknown[]) => unknown;
type RawStore = { name: string; keyPath: string | string[] | null; transaction: unknown } & Record<
  string,
  unknown
>;

/** Binds a wrapped object's method to the object idb gave (idb's methods unwrap `this`). */
function bound(target: object, prop: string | symbol): unknown {
  const value = Reflect.get(target, prop);
  return typeof value === 'function' ? (value as AnyFunction).bind(target) : value;
}

/**
 * The opened database, with change marks (see above). Everything else behaves as idb's
 * database: the shortcut methods (`db.put`, `db.delete`…) run through the wrapped
 * `transaction`, so they mark too.
 */
export function trackChanges<DB extends { objectStoreNames: DOMStringList }>(db: DB): DB {
  if (!db.objectStoreNames.contains(CHANGES_STORE)) return db;
  const database = db as unknown as Record<string | symbol, unknown> & {
    transaction(names: string | string[], mode?: IDBTransactionMode, options?: unknown): object;
  };
  const transaction = (names: string | string[], mode?: IDBTransactionMode, options?: unknown) => {
    const asked = typeof names === 'string' ? [names] : [...names];
    if (mode !== 'readwrite' || !asked.some(isSynced)) return database.transaction(names, mode, options);
    const tx = database.transaction([...asked, CHANGES_STORE], mode, options) as Record<string, unknown> & {
      objectStore(name: string): RawStore;
      done: Promise<void>;
    };
    // A mark is one more request in the transaction: when the browser aborts it (a full disk),
    // `done` can reject before the writer's own catch reaches it (abortForError awaits it then).
    // Handled here so that is not an unhandled rejection; whoever awaits `done` still gets it.
    tx.done.catch(() => {});
    const mark = (docId: string) => {
      if (!unmarked.has(proxy)) markChanged(tx, docId);
    };
    const store = (name: string) =>
      isSynced(name) ? markingStore(tx.objectStore(name), name, mark) : tx.objectStore(name);
    const proxy: object = new Proxy(tx, {
      get(target, prop) {
        if (prop === 'objectStore') return store;
        // idb's `tx.store` is the only store asked for (syncChanges was added here).
        if (prop === 'store') return asked.length === 1 ? store(asked[0]!) : undefined;
        return bound(target, prop);
      },
    });
    return proxy;
  };
  const proxy = new Proxy(database, {
    get(target, prop, receiver) {
      if (prop === 'transaction') return transaction;
      const value = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      // idb's shortcuts (`put`, `getAll`…) call `this.transaction`: they run on this proxy, so
      // their writes mark. IDBDatabase's own methods need the object idb gave.
      const own = typeof prop === 'string' && prop in IDBDatabase.prototype;
      return (value as AnyFunction).bind(own ? target : receiver);
    },
  });
  return proxy as unknown as DB;
}

/** The document id of a record of a synced store, by its key. */
export const markedDocId = (store: SyncedStore, key: unknown): string =>
  `${SYNCED_STORES[store]}:${String(key)}`;

/** A synced store whose writes mark (in the same transaction). */
function markingStore(store: RawStore, name: SyncedStore, mark: (docId: string) => void): RawStore {
  const keyOf = (value: unknown, key: unknown): unknown =>
    key !== undefined || typeof store.keyPath !== 'string'
      ? key
      : (value as Record<string, unknown> | undefined)?.[store.keyPath];
  const markKey = (key: unknown) => {
    if (typeof key === 'string' || typeof key === 'number') mark(markedDocId(name, key));
    else mark(EVERYTHING); // a key range (or a key of another shape): any record may have gone
  };
  const cursorOf = (cursor: unknown): unknown =>
    cursor &&
    new Proxy(cursor as Record<string, unknown>, {
      get(target, prop) {
        if (prop === 'update' || prop === 'delete')
          return (...args: unknown[]) => {
            const result = (target[prop] as AnyFunction).apply(target, args);
            markKey(target.primaryKey);
            return result;
          };
        if (prop === 'continue' || prop === 'advance' || prop === 'continuePrimaryKey')
          return (...args: unknown[]) =>
            ((target[prop] as AnyFunction).apply(target, args) as Promise<unknown>).then(cursorOf);
        return bound(target, prop);
      },
    });
  const withCursors = (source: Record<string, unknown>): Record<string, unknown> =>
    new Proxy(source, {
      get(target, prop) {
        if (prop === 'openCursor')
          return (...args: unknown[]) =>
            ((target.openCursor as AnyFunction).apply(target, args) as Promise<unknown>).then(cursorOf);
        // idb's async iteration opens its own cursors: a write through one cannot be seen here.
        if (prop === 'iterate' || prop === Symbol.asyncIterator) mark(EVERYTHING);
        return bound(target, prop);
      },
    });
  return new Proxy(store, {
    get(target, prop) {
      switch (prop) {
        case 'put':
        case 'add':
          return (value: unknown, key?: unknown) => {
            const result = (target[prop] as AnyFunction).call(target, value, key);
            markKey(keyOf(value, key));
            return result;
          };
        case 'delete':
          return (query: unknown) => {
            const result = (target.delete as AnyFunction).call(target, query);
            markKey(query);
            return result;
          };
        case 'clear':
          return () => {
            const result = (target.clear as AnyFunction).call(target);
            mark(EVERYTHING);
            return result;
          };
        case 'openCursor':
          return withCursors(target).openCursor;
        case 'index':
          return (indexName: string) =>
            withCursors((target.index as AnyFunction).call(target, indexName) as Record<string, unknown>);
        default:
          if (prop === 'iterate' || prop === Symbol.asyncIterator) mark(EVERYTHING);
          return bound(target, prop);
      }
    },
  }) as RawStore;
}

/**
 * Marks a record's document as changed, in `tx` (a read-write transaction over a synced store,
 * which holds the change log): for a write made without marks that must still be exported.
 */
export function markChanged(tx: object, docId: string): void {
  // A failed mark fails its transaction: the write it goes with is rolled back, and the
  // transaction's own promise (`done`), or the write's request, says why. (A transaction that
  // has already ended throws here: the write it went with failed the same way.)
  try {
    const store = (
      tx as { objectStore(name: string): { put(value: number, key: string): Promise<unknown> } }
    ).objectStore(CHANGES_STORE);
    store.put(newMark(), docId).catch(() => {});
  } catch {
    // The write's own request reports the failure.
  }
}
