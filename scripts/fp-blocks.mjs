#!/usr/bin/env node
// Lists the largest false-positive blocks of Kurabe's extraction on a data set with ground truth:
// lines of the extracted text (one line per block) whose words the truth mostly does not hold,
// i.e. what Kurabe keeps that the person who marked the article did not call the article. Each
// block is put in a class of boilerplate by its wording (CLASSES below; "other" when none fits),
// and the words per class are summed, so a rule's effect can be read as words per class before
// and after it.
//   node scripts/fp-blocks.mjs DATA_DIR [--top 5] [--min-words 3] [--save OUT.json] [--from OUT.json]
// DATA_DIR as for ../shared/tools/score-extraction.mjs (pages/<id>.html.gz, truth.json).
// --save keeps the extracted texts; --from reads them back instead of extracting again.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const dataDir = args[0];
if (!dataDir || dataDir.startsWith('--')) {
  console.error(
    'usage: fp-blocks.mjs DATA_DIR [--top N] [--min-words N] [--save OUT.json] [--from OUT.json]',
  );
  process.exit(2);
}
const top = Number(opt('--top', 5));
const minWords = Number(opt('--min-words', 3));
const truth = JSON.parse(fs.readFileSync(path.join(dataDir, 'truth.json'), 'utf8'));
const ids = Object.keys(truth).sort();

// The same decoding as the scorer: BOM, declared charset, UTF-8, then GB18030.
function decode(buf) {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return new TextDecoder('utf-8').decode(buf.subarray(3));
  const m = buf
    .subarray(0, 4096)
    .toString('latin1')
    .match(/<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i);
  if (m) {
    let l = m[1].toLowerCase();
    if (l === 'utf-16' || l === 'unicode') l = 'utf-8';
    try {
      return new TextDecoder(l).decode(buf);
    } catch {}
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

function extractAll() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-blocks-'));
  const files = ids.map((id) => {
    const raw = zlib.gunzipSync(fs.readFileSync(path.join(dataDir, 'pages', `${id}.html.gz`)));
    const f = path.join(tmp, `${id}.html`);
    fs.writeFileSync(f, decode(raw).replace(/<meta[^>]+charset[^>]*>/i, '<meta charset="utf-8">'));
    return f;
  });
  const texts = {};
  for (let i = 0; i < files.length; i += 40) {
    const part = files.slice(i, i + 40);
    let out = '';
    try {
      out = execFileSync('node', [path.join(import.meta.dirname, 'cli.mjs'), 'extract', ...part], {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
    } catch (e) {
      out = e.stdout ?? '';
    }
    for (const line of out.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const o = JSON.parse(line);
        texts[path.basename(o.file, '.html')] = o.text ?? '';
      } catch {}
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  return texts;
}

const texts = opt('--from') ? JSON.parse(fs.readFileSync(opt('--from'), 'utf8')) : extractAll();
if (opt('--save')) fs.writeFileSync(opt('--save'), JSON.stringify(texts));

/** Classes of boilerplate, by wording (English, Chinese, Japanese), first match wins. */
export const CLASSES = [
  ['cookie notice', /\bcookies?\b|クッキー|cookie を|隐私政策/i],
  ['newsletter/paywall', /newsletter|subscri(be|ption)|sign up|inbox|登録|購読|会員|订阅|註冊|注册/i],
  [
    'caption/credit',
    /^(photo|image|picture|illustration|video|credit|source)s?\b|\b(getty images|shutterstock|reuters|associated press|afp|ap photo|epa)\b|\(photo|写真[:：]|图片来源|图\s*\/|提供$|撮影/i,
  ],
  [
    'read more/teaser',
    /^(read|see|watch|listen)( also| more)?\b|^related|^more (from|on|stories)|^recommended|^you (may|might) also|关联|相关|推荐|延伸阅读|関連|おすすめ|あわせて読みたい|続きを読む/i,
  ],
  [
    'author box',
    /\b(is|was) an? .*\b(writer|reporter|editor|journalist|correspondent|author|contributor)\b|about the author|follow (him|her|them|@)|この記事を書いた人|プロフィール|编辑[:：]|责任编辑|作者简介/i,
  ],
  ['tag list', /^(tags?|topics?|filed under|categories|category)\b|标签|タグ|カテゴリ/i],
  [
    'pagination',
    /^(next|previous|prev|page \d|older|newer)\b|上一[页篇]|下一[页篇]|前の記事|次の記事|次のページ/i,
  ],
  ['comment count', /\b\d+\s+comments?\b|^comments?\b|評論|评论|コメント/i],
  ['share row', /^(share|tweet|email|print|facebook|twitter|linkedin|whatsapp)\b|分享|シェア|ツイート/i],
  ['ad label', /^(advertisement|sponsored|ad|promoted)\b|^広告$|^pr$|广告/i],
  ['copyright', /©|copyright|all rights reserved|版权|著作権/i],
];

const tokens = (t) => (t || '').match(/[\p{L}\p{N}_]+/gu) || [];
const isCjk = (t) =>
  (t.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu) || []).length > t.length / 4;
const bigrams = (t) => {
  const c = t.normalize('NFKC').match(/[\p{L}\p{N}]/gu) || [];
  const out = [];
  for (let i = 0; i + 1 < c.length; i++) out.push(c[i] + c[i + 1]);
  return out;
};
/** Size of a block in "words": tokens, or for CJK text characters / 2 (about a word each). */
const wordsOf = (t) => (isCjk(t) ? Math.round(t.replace(/\s/g, '').length / 2) : tokens(t).length);

const totals = new Map(CLASSES.map(([name]) => [name, 0]));
totals.set('other', 0);
let allFp = 0;
let allWords = 0;
const report = [];
for (const id of ids) {
  const text = texts[id] ?? '';
  const truthText = truth[id].text ?? '';
  const truthTokens = new Set(tokens(truthText.toLowerCase()));
  const truthBigrams = new Set(bigrams(truthText));
  const blocks = [];
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const words = wordsOf(line);
    allWords += words;
    const grams = isCjk(line) ? bigrams(line) : tokens(line.toLowerCase());
    const known = isCjk(line) ? truthBigrams : truthTokens;
    if (grams.length === 0) continue;
    const missing = grams.filter((g) => !known.has(g)).length / grams.length;
    // Mostly absent from the truth: a false positive (a few shared words are chance).
    if (missing < 0.6 || words < minWords) continue;
    const cls = CLASSES.find(([, re]) => re.test(line))?.[0] ?? 'other';
    totals.set(cls, totals.get(cls) + words);
    allFp += words;
    blocks.push({ words, cls, line });
  }
  blocks.sort((a, b) => b.words - a.words);
  if (blocks.length) report.push({ id, fp: blocks.reduce((s, b) => s + b.words, 0), blocks });
}
report.sort((a, b) => b.fp - a.fp);
for (const { id, fp, blocks } of report) {
  console.log(`\n## ${id}  (${fp} false-positive words)`);
  for (const b of blocks.slice(0, top))
    console.log(`  ${String(b.words).padStart(4)}  [${b.cls}] ${b.line.slice(0, 150)}`);
}
console.log(`\n${dataDir}: ${allFp} false-positive words of ${allWords} extracted, by class:`);
for (const [name, words] of [...totals].sort((a, b) => b[1] - a[1]))
  console.log(`  ${name.padEnd(20)} ${words}`);
