import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * The article-extraction-benchmark's token-shingle metric (as in its evaluate.py and in
 * ../shared/tools/score-extraction.mjs): shingles of four word tokens, precision averaged over
 * pages with output, recall over pages with truth.
 */
const tokens = (t: string) => t.match(/[\p{L}\p{N}_]+/gu) ?? [];
function shingles(text: string): string[] {
  const k = tokens(text);
  const out: string[] = [];
  for (let i = 0; i < Math.max(1, k.length - 3); i++) {
    const s = k.slice(i, i + 4);
    if (s.length) out.push(s.join('\u0001'));
  }
  return out;
}
const counts = (grams: string[]) =>
  grams.reduce((m, g) => m.set(g, (m.get(g) ?? 0) + 1), new Map<string, number>());

function tpfpfn(truth: string, output: string): [number, number, number] {
  const a = counts(shingles(truth));
  const b = counts(shingles(output));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k) ?? 0;
    const y = b.get(k) ?? 0;
    tp += Math.min(x, y);
    fp += Math.max(0, y - x);
    fn += Math.max(0, x - y);
  }
  const sum = tp + fp + fn;
  return sum ? [tp / sum, fp / sum, fn / sum] : [0, 0, 0];
}

export interface Score {
  f1: number;
  precision: number;
  recall: number;
}

export function score(truths: string[], outputs: string[]): Score {
  const rows = truths.map((t, i) => tpfpfn(t, outputs[i] ?? ''));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
  const p = mean(
    rows.filter(([tp, fp]) => tp + fp > 0).map(([tp, fp, fn]) => (fp === 0 && fn === 0 ? 1 : tp / (tp + fp))),
  );
  const r = mean(
    rows
      .filter(([tp, , fn]) => tp + fn > 0)
      .map(([tp, fp, fn]) => (fp === 0 && fn === 0 ? 1 : tp / (tp + fn))),
  );
  return { f1: (2 * p * r) / (p + r), precision: p, recall: r };
}

/** Bytes → text as a browser would: BOM, declared charset, UTF-8, then a locale default. */
function decode(buf: Buffer, fallback: string): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return new TextDecoder('utf-8').decode(buf.subarray(3));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(buf.subarray(0, 4096).toString('latin1'));
  if (m) {
    let label = m[1]!.toLowerCase();
    if (label === 'utf-16' || label === 'unicode') label = 'utf-8';
    try {
      return new TextDecoder(label).decode(buf);
    } catch {
      // unknown label: try the others
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder(fallback).decode(buf);
  }
}

export interface ScoredPage {
  id: string;
  html: string;
  truth: string;
}

/** The pages of a data set folder (`pages/<id>.html.gz` + `truth.json`). */
export function loadDataSet(dir: string): ScoredPage[] {
  const truth = JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8')) as Record<
    string,
    { text: string }
  >;
  const ids = readdirSync(path.join(dir, 'pages'))
    .map((f) => f.replace(/\.html\.gz$/, ''))
    .sort();
  return ids.map((id) => ({
    id,
    truth: truth[id]!.text,
    html: decode(gunzipSync(readFileSync(path.join(dir, 'pages', `${id}.html.gz`))), 'gb18030'),
  }));
}
