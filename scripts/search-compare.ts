// The search engines side by side, in Node, at BENCH_SCALE clips (a comma list; default
// 1000,10000): the scan Kurabe had (scripts/search-scan.ts) and two inverted-index libraries held
// in memory, fed Kurabe's own terms (utils/search-terms.ts: CJK characters and pairs, words of
// other scripts), each query's candidates checked against the text as Kurabe does. Kurabe's own
// postings in IndexedDB are measured in Chromium by `npm run bench` (section search).
// The libraries are not dependencies of Kurabe: install them beside it first, e.g.
//   npm i --prefix /tmp/search-libs minisearch@7.2.0 flexsearch@0.8.212
//   SEARCH_LIBS=/tmp/search-libs/node_modules node --expose-gc --import tsx scripts/search-compare.ts
// Writes search-compare.json; docs/search.md holds the figures of the last run.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateLibrary } from '../tests/helpers/library';
import { searchTerms } from '../utils/search';
import { articleTerms, lookupOf } from '../utils/search-terms';
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
const MiniSearch = require('minisearch') as new (options: object) => MiniSearchIndex;
const { Index } = require('flexsearch') as {
  Index: new (
    options: object,
  ) => {
    add(id: number, text: string): void;
    remove(id: number): void;
    search(query: string, options: object): number[];
    export(handler: (key: string, data: string) => void): void;
  };
};

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
  /** What persisting the whole index would write (characters). */
  size(): number;
}

function miniSearch(): Engine {
  const index = new MiniSearch({
    fields: ['terms'],
    tokenize: (s: string) => s.split('\n'),
    processTerm: (t: string) => t,
    searchOptions: { tokenize: (s: string) => [s], processTerm: (t: string) => t },
  });
  return {
    name: 'MiniSearch 7.2 (in memory)',
    add: (id, terms) => index.add({ id, terms: terms.join('\n') }),
    remove: (id, terms) => index.remove({ id, terms: terms.join('\n') }),
    exact: (t) => new Set(index.search(t).map((r) => r.id as number)),
    prefix: (p) => new Set(index.search(p, { prefix: true }).map((r) => r.id as number)),
    size: () => JSON.stringify(index).length,
  };
}

function flexSearch(): Engine {
  const index = new Index({ tokenize: 'strict', encode: (s: string) => s.split('\n'), resolution: 1 });
  const forward = new Index({ tokenize: 'forward', encode: (s: string) => s.split('\n'), resolution: 1 });
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
      let n = 0;
      index.export((_k, data) => {
        n += data?.length ?? 0;
      });
      forward.export((_k, data) => {
        n += data?.length ?? 0;
      });
      return n;
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

const out: Record<string, Record<string, number>> = {};
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
  const before = heap();
  let t = performance.now();
  const scan = new ScanIndex();
  scan.update(clips, new Map(), new Map(clips.map((c, i) => [c.id, texts[i]!])));
  const scanBuild = performance.now() - t;
  const scanHeap = heap() - before;
  const scanTimes = BENCH_QUERIES.flatMap((q) => {
    const s = performance.now();
    scan.search(q);
    return [performance.now() - s];
  });
  out[`scan.${n}`] = { build_ms: scanBuild, heap_mib: scanHeap, query_p95_ms: p95(scanTimes) };
  console.log(n, 'scan', out[`scan.${n}`]);

  for (const make of [miniSearch, flexSearch]) {
    gc();
    const start = heap();
    const engine = make();
    t = performance.now();
    for (let i = 0; i < texts.length; i++) engine.add(i, [...articleTerms(texts[i]!)]);
    const build = performance.now() - t;
    const used = heap() - start;
    const times: number[] = [];
    for (let round = 0; round < 3; round++)
      for (const q of BENCH_QUERIES) {
        const s = performance.now();
        query(engine, texts, q);
        times.push(performance.now() - s);
      }
    const terms = [...articleTerms(texts[n >> 1]!)];
    t = performance.now();
    engine.remove(n >> 1, terms);
    engine.add(n >> 1, terms);
    const update = performance.now() - t;
    const size = n <= 10_000 ? engine.size() / 2 ** 20 : Number.NaN;
    out[`${engine.name}.${n}`] = {
      build_ms: build,
      heap_mib: used,
      query_p95_ms: p95(times),
      update_one_clip_ms: update,
      serialized_mchars: size,
    };
    console.log(n, engine.name, out[`${engine.name}.${n}`]);
  }
}
writeFileSync('search-compare.json', `${JSON.stringify(out, null, 2)}\n`);
