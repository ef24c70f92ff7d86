import { createRequire } from 'node:module';
import type { PouchDatabase, PouchFactory } from '@/utils/sync/pouch';

/**
 * PouchDB on node for tests: the core with the memory adapter (a device's local database), the
 * HTTP adapter (the server) and replication: the same engine pouchdb-browser bundles, without
 * the browser's IndexedDB adapter.
 */
const require = createRequire(import.meta.url);
const PouchDB = require('pouchdb-core')
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-replication'));

let devices = 0;

export const nodePouch: PouchFactory = (nameOrUrl, options = {}) =>
  new PouchDB(nameOrUrl, nameOrUrl.startsWith('http') ? options : { ...options, adapter: 'memory' });

/** A device's local database, a name no other test uses. */
export const localPouch = (): PouchDatabase => nodePouch(`device-${process.pid}-${++devices}-${Date.now()}`);
