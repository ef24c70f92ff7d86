// pouchdb-browser ships no types; the sync uses it through utils/sync/pouch.ts's interface.
declare module 'pouchdb-browser' {
  const PouchDB: new (
    nameOrUrl: string,
    options?: { skip_setup?: boolean; auth?: { username: string; password: string } },
  ) => import('./pouch').PouchDatabase;
  export default PouchDB;
}
