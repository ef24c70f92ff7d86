// How many article records (`bodies`) the bench's queries read, with and without the panel's
// cache of texts read lately (utils/search-postings.ts ArticleIndex): a count, so it does not
// depend on the machine's load. The generated library of N clips (default 2000) in
// fake-indexeddb, the index built, BENCH_QUERIES three times, 20 hits asked for.
//   N=5000 npx tsx scripts/search-reads.ts
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { generateLibrary } from '../tests/helpers/library';
import { openKurabeDB } from '../utils/db';
import { SearchIndex } from '../utils/search';
import { ArticleIndex, buildSearchIndex } from '../utils/search-postings';
import { BENCH_QUERIES } from './bench-search';

const n = Number(process.env.N ?? 2000);
const lib = generateLibrary({ clips: n, boards: Math.max(20, n / 50), seed: 7 });
const db = await openKurabeDB(new IDBFactory());
const tx = db.transaction(['clips', 'bodies'], 'readwrite');
for (const c of lib.clips) void tx.objectStore('clips').put(c);
for (const [id, text] of lib.texts) void tx.objectStore('bodies').put({ id, html: '', text });
await tx.done;
await buildSearchIndex(db);
const clips = [...lib.clips].sort((a, b) => b.clippedAt - a.clippedAt);

/** The database, counting the article records read through it. */
let read = 0;
const counted = new Proxy(db, {
  get(target, key, receiver) {
    if (key !== 'transaction') return Reflect.get(target, key, receiver);
    return (...args: Parameters<typeof db.transaction>) => {
      const tx = target.transaction(...args);
      if (args[0] !== 'bodies') return tx;
      const store = tx.store as unknown as { get(id: string): Promise<unknown> };
      const get = store.get.bind(store);
      store.get = (id: string) => {
        read++;
        return get(id);
      };
      return tx;
    };
  },
});

for (const cached of [false, true]) {
  let articles = await ArticleIndex.load(counted);
  const index = new SearchIndex();
  index.update(clips, new Map());
  const rounds: number[] = [];
  for (let round = 0; round < 3; round++) {
    const start = read;
    const each: string[] = [];
    for (const q of BENCH_QUERIES) {
      // Without the cache: a fresh index per query, so nothing read before is kept.
      if (!cached) articles = await ArticleIndex.load(counted);
      const before = read;
      const { hits, more } = await index.find(q, articles, 20);
      each.push(`${q} ${read - before} (${hits.length} hits, ${more} more)`);
    }
    if (round === 0) console.log(each.join(' · '));
    rounds.push(read - start);
  }
  console.log(`${cached ? 'with' : 'without'} the cache, records read per round: ${rounds.join(', ')}`);
}
