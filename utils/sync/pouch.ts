/**
 * The part of PouchDB's API the sync uses, typed here (PouchDB ships no types of its own): the
 * browser's `pouchdb-browser` and the tests' PouchDB on node (memory adapter) both fit it.
 */

export interface PouchDocMeta {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  _conflicts?: string[];
  _revisions?: { start: number; ids: string[] };
}

export type PouchDoc<T = Record<string, unknown>> = PouchDocMeta & T;

export interface PouchChange {
  id: string;
  seq: number | string;
  deleted?: boolean;
  doc?: PouchDoc;
  changes: { rev: string }[];
}

export interface ReplicationResult {
  ok: boolean;
  docs_written?: number;
  docs_read?: number;
  /** Documents the server refused (a validate_doc_update, a read-only user): 403 each. */
  doc_write_failures?: number;
  errors?: unknown[];
}

export interface PouchDatabase {
  name: string;
  get(id: string, options?: { rev?: string; conflicts?: boolean; revs?: boolean }): Promise<PouchDoc>;
  put(doc: PouchDoc): Promise<{ ok: boolean; id: string; rev: string }>;
  bulkDocs(docs: PouchDoc[], options?: { new_edits?: boolean }): Promise<unknown[]>;
  allDocs(options: {
    include_docs?: boolean;
    startkey?: string;
    endkey?: string;
    keys?: string[];
  }): Promise<{ rows: { id: string; value: { rev: string; deleted?: boolean }; doc?: PouchDoc }[] }>;
  changes(options: {
    since: number | string;
    include_docs?: boolean;
    conflicts?: boolean;
    limit?: number;
    style?: 'main_only' | 'all_docs';
  }): Promise<{ results: PouchChange[]; last_seq: number | string }>;
  info(): Promise<{ doc_count: number; update_seq: number | string }>;
  destroy(): Promise<unknown>;
  close(): Promise<unknown>;
  replicate: {
    to(target: PouchDatabase, options?: { batch_size?: number; retry?: boolean }): Promise<ReplicationResult>;
    from(
      source: PouchDatabase,
      options?: { batch_size?: number; retry?: boolean },
    ): Promise<ReplicationResult>;
  };
}

/** Makes a database: a local one by name, a remote one by URL. */
export type PouchFactory = (
  nameOrUrl: string,
  options?: { skip_setup?: boolean; auth?: { username: string; password: string } },
) => PouchDatabase;
