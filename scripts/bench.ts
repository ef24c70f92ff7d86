// npm run bench: speed and size of Kurabe, each beside a baseline measured in the same run.
// Prints a table and writes bench-results.json:
//   { "<measurement>": { value, unit, baseline?, ratio?, n? } }
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { extractPage } from '../utils/extract';

interface Measurement {
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  n?: number;
}

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const results: Record<string, Measurement> = {};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

function record(name: string, m: Measurement) {
  results[name] = {
    ...m,
    value: round(m.value),
    ...(m.baseline !== undefined && { baseline: round(m.baseline) }),
    ...(m.ratio !== undefined && { ratio: round(m.ratio) }),
  };
}

/** Times `fn` in alternation with `base` so both see the same machine state. */
function timePair(fn: () => void, base: () => void): { value: number; baseline: number } {
  for (let i = 0; i < 3; i++) {
    fn();
    base();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    fn();
    a.push(performance.now() - t);
    t = performance.now();
    base();
    b.push(performance.now() - t);
  }
  return { value: median(a), baseline: median(b) };
}

// --- extraction: Kurabe's whole step (prepare, Readability, sanitize, Markdown, text, counts)
// against bare Readability.parse() on a clone of the same document.
const fixturesDir = path.join(ROOT, 'tests/fixtures/pages');
const ratios: number[] = [];
for (const slug of readdirSync(fixturesDir).sort()) {
  const html = readFileSync(path.join(fixturesDir, slug, 'source.html'), 'utf8');
  const url = `http://localhost:8080/${slug}/`;
  const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
  const doc = dom.window.document;
  const t = timePair(
    () => extractPage(doc, url),
    () => new Readability(doc.cloneNode(true) as Document).parse(),
  );
  ratios.push(t.value / t.baseline);
  record(`extract.${slug}`, { ...t, unit: 'ms', ratio: t.value / t.baseline, n: RUNS });
  dom.window.close();
  await new Promise((r) => setImmediate(r));
}
record('extract.fixtures.median_ratio', { value: median(ratios), unit: 'ratio', n: ratios.length });

// --- built sizes (run after `wxt build`, which `npm run bench` does first)
function sizeOf(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, d) => {
    const p = path.join(dir, d.name);
    return sum + (d.isDirectory() ? sizeOf(p) : statSync(p).size);
  }, 0);
}
const out = path.join(ROOT, '.output/chrome-mv3');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(path.join(dir, d.name)) : [path.join(dir, d.name)],
  );
const sidepanelJs = files(out).filter((f) => /sidepanel.*\.js$/.test(f));
record('size.total', { value: sizeOf(out) / 1024, unit: 'KiB' });
record('size.extract_js', { value: statSync(path.join(out, 'extract.js')).size / 1024, unit: 'KiB' });
record('size.sidepanel_js', {
  value: sidepanelJs.reduce((s, f) => s + statSync(f).size, 0) / 1024,
  unit: 'KiB',
});
record('size.background_js', { value: statSync(path.join(out, 'background.js')).size / 1024, unit: 'KiB' });

writeFileSync(path.join(ROOT, 'bench-results.json'), `${JSON.stringify(results, null, 2)}\n`);
const rows = Object.entries(results).map(([name, m]) => ({
  measurement: name,
  value: `${m.value} ${m.unit}`,
  baseline: m.baseline === undefined ? '' : `${m.baseline} ${m.unit}`,
  ratio: m.ratio === undefined ? '' : `${m.ratio}×`,
  n: m.n ?? '',
}));
console.table(rows);
console.log('written: bench-results.json');
