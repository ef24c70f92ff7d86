// The search engines side by side, in Node, at BENCH_SCALE clips (a comma list; default
// 1000,10000): the scan Kurabe had (scripts/search-scan.ts) and two inverted-index libraries held
// in memory, fed Kurabe's own terms (utils/search-terms.ts: CJK characters and pairs, words of
// other scripts), each query's candidates checked against the text as Kurabe does. Kurabe's own
// postings in IndexedDB are measured in Chromium by `npm run bench` (section search); here only
// its recall (fake-indexeddb).
//   build_ms            every article's terms added
//   heap_mib            the engine's heap after a collection (the texts it checks against apart)
//   query_p95_ms        BENCH_QUERIES × 3, candidates checked against the text, at most 100 hits
//   first_query_ms      the index read back from what would be stored (MiniSearch loadJSON,
//                       FlexSearch import) and one query: what a panel opening would pay;
//                       the scan: folding every article, then one query
//   update_one_clip_ms  one clip's article removed and added again
//   index_mib           the serialised index (UTF-8), what IndexedDB would hold
//   recall              on the labelled 51 queries (tests/fixtures/search/labelled.json), every
//                       field of a clip fed to the engine; false_hits: clips found holding no match
// The libraries are not dependencies of Kurabe: install them beside it first, e.g.
//   npm i --prefix /tmp/search-libs minisearch@7.2.0 flexsearch@0.8.212
//   SEARCH_LIBS=/tmp/search-libs/node_modules node --expose-gc --import tsx scripts/search-compare.ts
// Writes search-compare.json (after each engine, so a run stopped by memory keeps what it measured);
// docs/search.md holds the figures of the last run.
// At 50,000 clips an in-memory index may not fit: an engine's build stops when its heap grows past
// SEARCH_HEAP_CAP_MIB (default 6144) or takes longer than SEARCH_BUILD_CAP_S (default 1500), and
// records how far it got (`indexed_clips`) and the heap then; its queries run on what it holds.
// The index read back is asked every query again: `reloaded` says whether it found the same hits.
// SEARCH_ENGINES (default scan,minisearch,flexsearch) runs some of them only.
// A serialised index longer than V8's longest string (2^29 - 24 characters) cannot be written as
// one JSON string: index_mib and first_query_ms are then NaN and `serialise_error` says why.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { generateLibrary } from '../tests/helpers/library';
import { makeClip } from '../tests/helpers/pages';
import { type Clip, openKurabeDB, type Quote } from '../utils/db';
import { SearchIndex, searchTerms } from '../utils/search';
import { ArticleIndex, buildSearchIndex } from '../utils/search-postings';
import { articleTerms, lookupOf } from '../utils/search-terms';
import type { LabelledSet } from '../utils/suggest-eval';
import { BENCH_QUERIES } from './bench-search';
import { SearchIndex as ScanIndex } from './search-scan';

const libs = process.env.SEARCH_LIBS;
if (!libs)
  throw new Error('SEARCH_LIBS=<node_modules holding minisearch and flexsearch> (see the top of this file)');
const require = createRequire(path.join(libs, 'x.js'));
/** The part of MiniSearch's API used here (not a dependency: no types). */
type MiniSearchIndex = {
  add(doc: { id: number; terms: string }): void;
  remove(doc: { id: number; terms: string }): void;
  search(query: string, options?: object): { id: unknown }[];
};
const MiniSearch = require('minisearch') as (new (
  options: object,
) => MiniSearchIndex) & { loadJSON(json: string, options: object): MiniSearchIndex };
type FlexIndex = {
  add(id: number, text: string): void;
  remove(id: number): void;
  search(query: string, options: object): number[];
  export(handler: (key: string, data: string) => void): void;
  import(key: string, data: string): void;
};
const { Index } = require('flexsearch') as { Index: new (options: object) => FlexIndex };

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

/** A library's index as Kurabe would use it: terms in, candidate documents out. */
interface Engine {
  name: string;
  add(doc: number, terms: string[]): void;
  remove(doc: number, terms: string[]): void;
  /** Documents holding the exact term, or a word beginning with the prefix. */
  exact(term: string): Set<number>;
  prefix(prefix: string): Set<number>;
  /** What persisting the whole index would write (UTF-8 bytes). */
  size(): number;
  /** The engine read back from what `size` measured (a panel opening), or undefined. */
  reload(): Engine;
}

const MINI_OPTIONS = {
  fields: ['terms'],
  tokenize: (s: string) => s.split('\n'),
  processTerm: (t: string) => t,
  searchOptions: { tokenize: (s: string) => [s], processTerm: (t: string) => t },
};

function miniSearch(loaded?: MiniSearchIndex): Engine {
  // `let`: reload drops the index before reading its copy back, so two never live at once.
  let index = loaded ?? new MiniSearch(MINI_OPTIONS);
  let json: string | undefined;
  return {
    name: 'MiniSearch 7.2 (in memory)',
    add: (id, terms) => index.add({ id, terms: terms.join('\n') }),
    remove: (id, terms) => index.remove({ id, terms: terms.join('\n') }),
    exact: (t) => new Set(index.search(t).map((r) => r.id as number)),
    prefix: (p) => new Set(index.search(p, { prefix: true }).map((r) => r.id as number)),
    size: () => {
      json = JSON.stringify(index);
      return Buffer.byteLength(json);
    },
    reload: () => {
      const stored = json ?? JSON.stringify(index);
      json = undefined;
      index = undefined as unknown as MiniSearchIndex;
      return miniSearch(MiniSearch.loadJSON(stored, MINI_OPTIONS));
    },
  };
}

const flexOptions = (tokenize: string) => ({ tokenize, encode: (s: string) => s.split('\n'), resolution: 1 });

function flexSearch(loaded?: { index: FlexIndex; forward: FlexIndex }): Engine {
  // `let`: reload drops the indexes before importing their copies, so two never live at once.
  let index = loaded?.index ?? new Index(flexOptions('strict'));
  let forward = loaded?.forward ?? new Index(flexOptions('forward'));
  let saved: { index: [string, string][]; forward: [string, string][] } | undefined;
  const save = () => {
    const out = { index: [] as [string, string][], forward: [] as [string, string][] };
    index.export((k, data) => void (data !== undefined && out.index.push([k, data])));
    forward.export((k, data) => void (data !== undefined && out.forward.push([k, data])));
    return out;
  };
  return {
    name: 'FlexSearch 0.8 (in memory)',
    add: (id, terms) => {
      index.add(id, terms.join('\n'));
      forward.add(id, terms.filter((t) => t.length >= 3 && /^[a-z0-9]/.test(t)).join('\n'));
    },
    remove: (id) => {
      index.remove(id);
      forward.remove(id);
    },
    exact: (t) => new Set(index.search(t, { limit: 1e7 })),
    prefix: (p) => new Set(forward.search(p, { limit: 1e7 })),
    size: () => {
      saved = save();
      let n = 0;
      for (const [k, data] of [...saved.index, ...saved.forward])
        n += Buffer.byteLength(k) + Buffer.byteLength(data);
      return n;
    },
    reload: () => {
      const stored = saved ?? save();
      saved = undefined;
      index = forward = undefined as unknown as FlexIndex;
      const next = { index: new Index(flexOptions('strict')), forward: new Index(flexOptions('forward')) };
      for (const [k, data] of stored.index) next.index.import(k, data);
      for (const [k, data] of stored.forward) next.forward.import(k, data);
      return flexSearch(next);
    },
  };
}

/** A query over an engine, its candidates checked against the folded texts, at most 100 hits. */
function query(engine: Engine, texts: string[], q: string): number[] {
  const terms = searchTerms(q);
  let result: Set<number> | undefined;
  for (const term of terms) {
    const { exact, prefixes } = lookupOf(term);
    for (const set of [...exact.map(engine.exact), ...prefixes.map(engine.prefix)]) {
      if (!result) result = set;
      else for (const d of result) if (!set.has(d)) result.delete(d);
    }
  }
  const hits: number[] = [];
  for (const d of result ?? []) {
    const text = texts[d]!.toLowerCase();
    if (terms.every((t) => text.includes(t))) hits.push(d);
    if (hits.length >= 100) break;
  }
  return hits;
}

// --- recall on the labelled set: every field of a clip fed to each engine ------------------------

interface Labelled {
  written: {
    notes: Record<string, string>;
    tags: Record<string, string[]>;
    quotes: { clipId: string; text: string; note: string }[];
    placementNotes: Record<string, string[]>;
  };
  queries: { query: string; kind: string; expect: string[] }[];
}
const fixtures = path.resolve(import.meta.dirname, '../tests/fixtures');
const corpus = JSON.parse(readFileSync(path.join(fixtures, 'suggest/labelled.json'), 'utf8')) as LabelledSet;
const labelled = JSON.parse(readFileSync(path.join(fixtures, 'search/labelled.json'), 'utf8')) as Labelled;
const { written } = labelled;
const labelledClips: Clip[] = corpus.clips.map((c, i) =>
  makeClip(c.id, c.title, c.text.slice(0, 40), {
    note: written.notes[c.id] ?? '',
    tags: written.tags[c.id] ?? [],
    updatedAt: i,
  }),
);
const labelledTexts = new Map(corpus.clips.map((c) => [c.id, c.text]));
const labelledQuotes = new Map<string, Quote[]>();
for (const [i, q] of written.quotes.entries())
  labelledQuotes.set(q.clipId, [
    {
      id: `q${i}`,
      clipId: q.clipId,
      text: q.text,
      context: '',
      note: q.note,
      noteKind: 'memo',
      createdAt: 0,
    },
  ]);
const labelledPlacementNotes = new Map(Object.entries(written.placementNotes));
/** Everything of a clip a search looks at, as one text. */
const everything = (c: Clip) =>
  [
    c.title,
    labelledTexts.get(c.id)!,
    c.note,
    c.tags.join(' '),
    ...(labelledQuotes.get(c.id) ?? []).flatMap((q) => [q.text, q.note]),
    ...(labelledPlacementNotes.get(c.id) ?? []),
  ].join('\n');

/** Recall over every labelled query, and the clips found that hold no match. */
function score(found: (query: string) => string[]) {
  let relevant = 0;
  let retrieved = 0;
  let falseHits = 0;
  const folded = new Map(labelledClips.map((c) => [c.id, everything(c).normalize('NFKC').toLowerCase()]));
  for (const q of labelled.queries) {
    const got = new Set(found(q.query));
    relevant += q.expect.length;
    retrieved += q.expect.filter((id) => got.has(id)).length;
    for (const id of got)
      if (!q.expect.includes(id) && !searchTerms(q.query).every((t) => folded.get(id)!.includes(t)))
        falseHits++;
  }
  return { recall: retrieved / relevant, false_hits: falseHits };
}

async function recallOf(name: string): Promise<{ recall: number; false_hits: number }> {
  if (name === 'scan') {
    const scan = new ScanIndex();
    scan.update(labelledClips, labelledQuotes, labelledTexts, labelledPlacementNotes);
    return score((q) => scan.search(q, 1000).map((h) => h.clipId));
  }
  if (name === 'kurabe') {
    const db = await openKurabeDB(new IDBFactory());
    const tx = db.transaction(['clips', 'bodies'], 'readwrite');
    for (const clip of labelledClips) void tx.objectStore('clips').put(clip);
    for (const [id, text] of labelledTexts) void tx.objectStore('bodies').put({ id, html: '', text });
    await tx.done;
    await buildSearchIndex(db);
    const articles = await ArticleIndex.load(db);
    const index = new SearchIndex();
    index.update(labelledClips, labelledQuotes, labelledPlacementNotes);
    const found = new Map<string, string[]>();
    for (const { query } of labelled.queries)
      found.set(
        query,
        (await index.search(query, articles, 1000)).map((h) => h.clipId),
      );
    db.close();
    return score((q) => found.get(q)!);
  }
  const engine = name.startsWith('MiniSearch') ? miniSearch() : flexSearch();
  const texts = labelledClips.map(everything);
  for (const [i, text] of texts.entries()) engine.add(i, [...articleTerms(text)]);
  return score((q) => query(engine, texts, q).map((i) => labelledClips[i]!.id));
}

const ENGINES = (process.env.SEARCH_ENGINES ?? 'scan,minisearch,flexsearch').split(',');
const began = performance.now();
const elapsed = () => `${((performance.now() - began) / 1000).toFixed(0)} s`;
const HEAP_CAP_MIB = Number(process.env.SEARCH_HEAP_CAP_MIB ?? 6144);
const BUILD_CAP_MS = Number(process.env.SEARCH_BUILD_CAP_S ?? 1500) * 1000;
const out: Record<string, Record<string, number | string>> = {};
const save = () => writeFileSync('search-compare.json', `${JSON.stringify(out, null, 2)}\n`);
out['kurabe.labelled'] = await recallOf('kurabe');
console.log('labelled', 'kurabe', out['kurabe.labelled']);
for (const n of (process.env.BENCH_SCALE ?? '1000,10000').split(',').map(Number)) {
  const texts: string[] = [];
  const clips = [];
  for (let k = 0; k * 5000 < n; k++) {
    const lib = generateLibrary({
      clips: Math.min(5000, n - k * 5000),
      boards: Math.max(20, n / 50),
      seed: 7 + k,
    });
    for (const c of lib.clips) {
      clips.push({ ...c, id: `c${texts.length}` });
      texts.push(lib.texts.get(c.id)!);
    }
  }
  console.log(
    n,
    'clips generated',
    texts.reduce((sum, t) => sum + t.length, 0),
    'characters',
    `at ${elapsed()}`,
  );
  if (ENGINES.includes('scan')) {
    const before = heap();
    let t = performance.now();
    let scan: ScanIndex | undefined = new ScanIndex();
    scan.update(clips, new Map(), new Map(clips.map((c, i) => [c.id, texts[i]!])));
    const scanBuild = performance.now() - t;
    const scanHeap = heap() - before;
    t = performance.now();
    scan.search(BENCH_QUERIES[0]!);
    const firstQuery = scanBuild + performance.now() - t;
    const scanTimes: number[] = [];
    for (let round = 0; round < 3; round++)
      for (const q of BENCH_QUERIES) {
        const s = performance.now();
        scan.search(q);
        scanTimes.push(performance.now() - s);
      }
    const edited = clips.map((c, i) => (i === n >> 1 ? { ...c, updatedAt: c.updatedAt + 1 } : c));
    t = performance.now();
    scan.update(edited, new Map(), new Map(clips.map((c, i) => [c.id, texts[i]!])));
    const update = performance.now() - t;
    scan = undefined;
    out[`scan.${n}`] = {
      build_ms: scanBuild,
      heap_mib: scanHeap,
      query_p95_ms: p95(scanTimes),
      first_query_ms: firstQuery,
      update_one_clip_ms: update,
      index_mib: 0,
      ...(await recallOf('scan')),
    };
    console.log(n, 'scan', out[`scan.${n}`], `at ${elapsed()}`);
    save();
  }

  for (const make of [miniSearch, flexSearch].filter((m) => ENGINES.includes(m.name.toLowerCase()))) {
    gc();
    const start = heap();
    let engine: Engine | undefined = make();
    let t = performance.now();
    let indexed = 0;
    let stopped = '';
    for (; indexed < texts.length; indexed++) {
      engine.add(indexed, [...articleTerms(texts[indexed]!)]);
      if (indexed % 500 !== 499) continue;
      // Without a collection (cheap): garbage counts too, so the cap errs on the early side.
      const grown = process.memoryUsage().heapUsed / 2 ** 20 - start;
      if (indexed % 5000 === 4999)
        console.log(n, engine.name, indexed + 1, `${grown.toFixed(0)} MiB`, `at ${elapsed()}`);
      if (grown > HEAP_CAP_MIB) stopped = `heap over ${HEAP_CAP_MIB} MiB`;
      else if (performance.now() - t > BUILD_CAP_MS) stopped = `build over ${BUILD_CAP_MS / 1000} s`;
      if (stopped) {
        indexed++;
        break;
      }
    }
    const build = performance.now() - t;
    const used = heap() - start;
    const times: number[] = [];
    for (let round = 0; round < 3; round++)
      for (const q of BENCH_QUERIES) {
        const s = performance.now();
        query(engine, texts, q);
        times.push(performance.now() - s);
      }
    const changed = indexed >> 1;
    const terms = [...articleTerms(texts[changed]!)];
    t = performance.now();
    engine.remove(changed, terms);
    engine.add(changed, terms);
    const update = performance.now() - t;
    const hitsOf = new Map(BENCH_QUERIES.map((q) => [q, query(engine!, texts, q).join()]));
    const name = engine.name;
    const measured = {
      indexed_clips: indexed,
      ...(stopped ? { stopped } : {}),
      build_ms: build,
      heap_mib: used,
      query_p95_ms: p95(times),
      update_one_clip_ms: update,
    };
    // Written before serialising: a run that dies of memory there keeps what it measured.
    out[`${name}.${n}`] = { ...measured, serialise: 'not finished' };
    console.log(n, name, out[`${name}.${n}`], `at ${elapsed()}`);
    save();
    let size = Number.NaN;
    let firstQuery = Number.NaN;
    let serialiseError = '';
    let reloadedSame = '';
    try {
      size = engine.size() / 2 ** 20;
      t = performance.now();
      const reloaded = engine.reload();
      engine = undefined;
      query(reloaded, texts, BENCH_QUERIES[0]!);
      firstQuery = performance.now() - t;
      // The index read back must answer as the one built did (else its first query means nothing).
      const differ = BENCH_QUERIES.filter((q) => query(reloaded, texts, q).join() !== hitsOf.get(q));
      reloadedSame = differ.length ? `differs on ${differ.join(' / ')}` : 'same hits';
    } catch (error) {
      serialiseError = String(error);
    }
    engine = undefined;
    out[`${name}.${n}`] = {
      ...measured,
      ...(serialiseError ? { serialise_error: serialiseError } : {}),
      ...(reloadedSame ? { reloaded: reloadedSame } : {}),
      first_query_ms: firstQuery,
      index_mib: size,
      ...(await recallOf(name)),
    };
    console.log(n, name, out[`${name}.${n}`]);
    save();
  }
}
save();
