/**
 * Pages and checks for the hostile-vector corpus (tests/fixtures/hostile-vectors/vectors.ts):
 * one realistic article page per vector, with the vector inside the article body, and the
 * inspections a clean clip must pass. Used by tests/unit/hostile-corpus.test.ts (jsdom) and
 * meant for a browser test that clips each page, opens the reader, files it on a board and
 * exports it.
 *
 * What a browser test can watch (every payload names its vector):
 * - `window.__kurabeHacked` (an array of vector ids) in every Kurabe page: must stay undefined.
 * - requests to `/beacon/<id>…` on the page's server: must never happen.
 * - requests to `/pixel/<id>…`: images that are content; only after "Show images", no Referer.
 * - requests to `/link/<id>…`: plain links; only when the test clicks them (they open in a new
 *   tab, `noopener noreferrer`).
 * Serve the vector pages with `content-security-policy: default-src 'none'` so that the page
 * itself neither runs nor loads anything: then every flag and request is Kurabe's doing. Meta
 * refreshes in the corpus wait an hour, so the page does not navigate away during a test.
 */
import { HOSTILE_VECTORS, type HostileVector, type VectorClass } from '../fixtures/hostile-vectors/vectors';

export { HOSTILE_VECTORS, type HostileVector, type VectorClass };

/** The global that executed payloads append their vector id to. */
export const HACK_FLAG = '__kurabeHacked';
export const BEACON_PREFIX = '/beacon/';
export const PIXEL_PREFIX = '/pixel/';
export const LINK_PREFIX = '/link/';

/** Where a test server should serve a vector's page. */
export function vectorPath(vector: HostileVector): string {
  return `/vector/${vector.id}`;
}

/** The vector's HTML with `{{ORIGIN}}` replaced (no trailing slash in `origin`). */
export function fillOrigin(html: string, origin: string): string {
  return html.replaceAll('{{ORIGIN}}', origin.replace(/\/+$/, ''));
}

/** Vector ids by class. */
export function vectorsByClass(): Map<VectorClass, HostileVector[]> {
  const map = new Map<VectorClass, HostileVector[]>();
  for (const v of HOSTILE_VECTORS) map.set(v.class, [...(map.get(v.class) ?? []), v]);
  return map;
}

// --- pages ---------------------------------------------------------------------------------

export type PageLang = 'en' | 'ja';

interface Prose {
  title: string;
  byline: string;
  /** Each paragraph in two halves: an inline vector goes between them. */
  paragraphs: [string, string][];
  /** A sentence of the last paragraph: shows that the article made it into the reader. */
  marker: string;
  nav: string;
  footer: string;
}

const PROSE: Record<PageLang, Prose> = {
  en: {
    title: 'Route sales or new business? What a year of both taught our team',
    byline: 'By Dana Whitfield',
    paragraphs: [
      [
        'When our company split its sales force in two last spring, half of us kept visiting the clients we had served for years,',
        'while the other half started calling companies that had never heard of us. Twelve months later, we compared notes.',
      ],
      [
        'Route sales turned out to be slower and steadier than any of us expected. A typical week meant three or four visits,',
        'a long conversation about the next quarter, and a list of small problems to solve before the following visit.',
      ],
      [
        'New-business sales, by contrast, lived on volume. The team made forty calls a day, booked a handful of meetings,',
        'and learned to hear a polite refusal within the first ten seconds of a conversation, which is a skill of its own.',
      ],
      [
        'The numbers told only part of the story. Route accounts grew by eight percent, with almost no churn,',
        'whereas new accounts brought in more revenue at first but needed far more support in their first six months.',
      ],
      [
        'People changed too. Those on routes became careful listeners who remembered birthdays and delivery schedules,',
        'and those on new business became quick, resilient and, by their own admission, a little tired by Friday afternoon.',
      ],
      [
        'So which kind of work is better? Neither, and that is the point: route sales build relationships over years,',
        'new-business sales open doors quickly, and a good team needs both kinds of people working side by side.',
      ],
    ],
    marker: 'a good team needs both kinds of people',
    nav: 'Home · Sales · Management · About',
    footer: '© Kurabe Test Press. All rights reserved.',
  },
  ja: {
    title: 'ルート営業と新規開拓、両方を一年続けてわかったこと',
    byline: '文・中嶋 悟',
    paragraphs: [
      [
        '昨年の春、私たちの会社は営業部を二つに分けました。半分は長年担当してきた顧客を回り続け、',
        'もう半分はこちらの名前も知らない会社に電話をかけ始めました。一年後、両者の記録を比べてみました。',
      ],
      [
        'ルート営業は、誰が予想したよりも穏やかで安定した仕事でした。一週間に三、四件の訪問をこなし、',
        '次の四半期について長く話し合い、次回の訪問までに片づける小さな課題を持ち帰るのが典型的な流れです。',
      ],
      [
        '新規開拓は、それとは対照的に数が勝負でした。一日四十件の電話をかけ、数件の面談を取りつけ、',
        '会話の最初の十秒で丁寧な断りを聞き分ける力を身につけました。これはこれで立派な技術です。',
      ],
      [
        '数字が語るのは話の一部にすぎません。ルートの顧客は解約がほとんどなく、売上が八パーセント伸びました。',
        '一方、新規の顧客は最初こそ大きな売上をもたらしたものの、最初の半年は手厚い支援を必要としました。',
      ],
      [
        '人も変わりました。ルート担当は誕生日や納品日を覚えている聞き上手になり、',
        '新規担当は素早く粘り強くなりました。本人たちに言わせれば、金曜の午後には少し疲れているそうですが。',
      ],
      [
        'では、どちらの仕事が優れているのでしょうか。答えはどちらでもありません。ルート営業は何年もかけて関係を築き、',
        '新規開拓はすばやく扉を開きます。良いチームには両方のタイプの人が必要なのです。',
      ],
    ],
    marker: '良いチームには両方のタイプの人が必要なのです',
    nav: 'ホーム・営業・マネジメント・会社概要',
    footer: '© Kurabe Test Press',
  },
};

/** The sentence a reader view of a vector page shows when the article got through. */
export function articleMarker(lang: PageLang): string {
  return PROSE[lang].marker;
}

/** A stable language per vector (about half English, half Japanese). */
export function langOf(vector: HostileVector): PageLang {
  let h = 0;
  for (const c of vector.id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % 2 ? 'ja' : 'en';
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function pageShell(title: string, head: string, lang: PageLang, article: string, origin: string): string {
  const prose = PROSE[lang];
  const titleTag = /<title[\s>]/i.test(head) ? '' : `<title>${escapeText(title)} | Kurabe Test Press</title>`;
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
${titleTag}
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:site_name" content="Kurabe Test Press">
<meta property="article:published_time" content="2026-03-02T09:00:00+09:00">
${fillOrigin(head, origin)}
</head>
<body>
<header class="site-header"><nav class="nav"><a href="/">${prose.nav}</a></nav></header>
<main>
<article class="post">
<h1>${escapeText(title)}</h1>
<p class="byline">${prose.byline}</p>
${article}
</article>
</main>
<footer class="site-footer"><p>${prose.footer}</p></footer>
</body>
</html>
`;
}

function paragraph([a, b]: [string, string], inner = ' '): string {
  return `<p>${a}${inner}${b}</p>`;
}

/**
 * A realistic article page (title, byline, six paragraphs of English or Japanese prose) with the
 * vector inside the article body: in the middle of the third paragraph (`inline`) or between the
 * third and fourth paragraphs (`block`), so that it reaches Readability and the sanitizer.
 * Every page has the same title (Readability cuts titles at hyphens in Japanese ones): tell the
 * clips apart by URL (serve each page at `vectorPath(vector)`).
 */
export function hostileVectorPage(
  vector: HostileVector,
  origin: string,
  { lang = langOf(vector) }: { lang?: PageLang } = {},
): string {
  const prose = PROSE[lang];
  const fragment = fillOrigin(vector.html, origin);
  const parts = prose.paragraphs.map((p, i) =>
    i === 2 && vector.placement === 'inline' ? paragraph(p, ` ${fragment} `) : paragraph(p),
  );
  if (vector.placement !== 'inline') parts.splice(3, 0, `\n${fragment}\n`);
  return pageShell(prose.title, vector.head ?? '', lang, parts.join('\n'), origin);
}

/**
 * Every vector that can share a page (not `isolate`d, not `styled`: those have a page of their
 * own, served with a CSP that lets styles through), or `vectors`, in one long article, each after
 * a paragraph of prose and marked by a comment. Head markup of metadata vectors is left out (one
 * page has one title).
 */
export function allVectorsPage(
  origin: string,
  {
    lang = 'en' as PageLang,
    vectors = HOSTILE_VECTORS.filter((v) => !v.isolate && !v.styled),
  }: { lang?: PageLang; vectors?: readonly HostileVector[] } = {},
): string {
  const prose = PROSE[lang];
  const body = vectors
    .map((v, i) => {
      const p = prose.paragraphs[i % prose.paragraphs.length]!;
      const fragment = fillOrigin(v.html, origin);
      return v.placement === 'inline'
        ? `<!-- vector: ${v.id} -->\n${paragraph(p, ` ${fragment} `)}`
        : `<!-- vector: ${v.id} -->\n${paragraph(p)}\n${fragment}`;
    })
    .concat(prose.paragraphs.map((p) => paragraph(p)))
    .join('\n');
  return pageShell(`${prose.title} [all vectors]`, '', lang, body, origin);
}

// --- inspections ---------------------------------------------------------------------------

/**
 * What `inspectHtml` flags. `stored`: the HTML Kurabe keeps (after utils/sanitize.ts): also ids,
 * names, targets and data-* other than Kurabe's own. `rendered`: HTML made elsewhere (the reader
 * view, Markdown rendered by a viewer): only what runs, loads or submits.
 */
export type InspectMode = 'stored' | 'rendered';

/**
 * Finds anything in `html` that could run code or make a request by itself: active or loading
 * elements, handlers, styles, script-ish or data: URLs in URL attributes, and requests to
 * `/beacon/` (a plain http(s) link to anywhere is allowed: it is only a request once clicked).
 * Self-contained (no outer references) so that it can run in a page through `page.evaluate`
 * too; returns one line per finding.
 */
export function inspectHtml(html: string, origin: string, mode: InspectMode = 'stored'): string[] {
  const ACTIVE =
    /^(script|style|link|meta|base|iframe|frame|frameset|object|embed|applet|param|form|input|button|select|option|textarea|keygen|isindex|video|audio|source|track|bgsound|canvas|svg|math|noscript|noembed|noframes|template|dialog|portal|fencedframe|marquee|title|xml|xmp|plaintext|listing)$/;
  const FORBIDDEN_ATTR =
    /^(style|srcdoc|formaction|action|ping|background|poster|dynsrc|lowsrc|codebase|http-equiv|datasrc|datafld|dataformatas|xmlns(:.*)?|xlink:.*|autofocus|contenteditable)$/;
  const STORED_ONLY_ATTR = /^(id|name|target|form)$/;
  const URL_ATTR =
    /^(href|src|srcset|imagesrcset|action|formaction|poster|background|xlink:href|cite|longdesc|data|codebase|dynsrc|lowsrc|ping|usemap|manifest|icon)$/;
  const SCRIPTISH = /^(javascript|vbscript|livescript|mocha|data):/;
  const RASTER = /^data:image\/(png|gif|jpe?g|webp|avif);/;
  // What a URL parser strips or ignores around and inside a scheme.
  const INVISIBLE = /[\p{Cc}\s\u180e\u200b-\u200f]/gu;

  const found: string[] = [];
  const doc = new DOMParser().parseFromString(html, 'text/html');
  // The whole document: a fragment that starts with <meta>, <link>, <style>, <script> or <title>
  // is parsed into <head>, and a <body onload> puts its attributes on the body.
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    const tag = el.localName;
    const wrapper = el === doc.documentElement || el === doc.head || el === doc.body;
    if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml') found.push(`<${tag}> in ${el.namespaceURI}`);
    if (ACTIVE.test(tag) && !wrapper) found.push(`<${tag}>`);
    if (tag.includes('-') || tag.includes(':')) found.push(`<${tag}> (custom or prefixed element)`);
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      const where = `<${tag} ${name}="${attr.value.slice(0, 120)}">`;
      if (name.startsWith('on')) found.push(`handler ${where}`);
      if (FORBIDDEN_ATTR.test(name)) found.push(`attribute ${where}`);
      if (mode === 'stored') {
        if (STORED_ONLY_ATTR.test(name)) found.push(`attribute ${where}`);
        if (name.startsWith('data-') && !/^data-kurabe-(lang|fn|fn-ref)$/.test(name))
          found.push(`attribute ${where}`);
      }
      const urls = URL_ATTR.test(name)
        ? name === 'srcset' || name === 'imagesrcset'
          ? attr.value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '')
          : [attr.value]
        : [];
      for (const url of urls) {
        const bare = url.replace(INVISIBLE, '').toLowerCase();
        if (SCRIPTISH.test(bare) && !(tag === 'img' && name === 'src' && RASTER.test(bare)))
          found.push(`script or data URL ${where}`);
        let path = '';
        try {
          path = new URL(url.trim(), origin).pathname;
        } catch {
          // not a URL: nothing to request
        }
        const plainLink = (tag === 'a' || tag === 'area') && name === 'href' && /^https?:/i.test(url.trim());
        if (path.startsWith('/beacon/') && !plainLink) found.push(`beacon request ${where}`);
      }
      // Text attributes (tooltips, alternative text) are never requested.
      if (!URL_ATTR.test(name) && name !== 'title' && name !== 'alt' && attr.value.includes('/beacon/'))
        found.push(`beacon URL in ${where}`);
      // A <meta refresh>, a CSS url() or @import anywhere in an attribute loads something.
      if (/url\s*\(|@import|expression\s*\(/i.test(attr.value) && name !== 'title' && name !== 'alt')
        found.push(`CSS loader in ${where}`);
    }
  }
  return found;
}

/**
 * The checks on exported Markdown text itself: no `javascript:`, `vbscript:` or `data:text` that
 * starts a URL, no raw `<script`. An occurrence inside a web URL (`http://host/path/javascript:x`,
 * which is what a relative link with an obfuscated scheme resolves to) is part of that URL, not a
 * URL of its own, and is not flagged: the rendered-Markdown check covers what a viewer makes of it.
 */
export function inspectMarkdownText(markdown: string): string[] {
  const found: string[] = [];
  for (const m of markdown.matchAll(/(?:javascript|vbscript):|data:text|<script/gi)) {
    const context = markdown.slice(Math.max(0, m.index - 30), m.index + 60).replace(/\n/g, '⏎');
    if (!m[0].startsWith('<')) {
      // The token the match belongs to: back to white space, `<`, or a link's unescaped `](`.
      const before = markdown.slice(0, m.index);
      const start = Math.max(
        before.search(/\S*$/),
        before.lastIndexOf('<') + 1,
        before.lastIndexOf('](') + 2,
      );
      if (/^https?:\/\//i.test(markdown.slice(start, m.index))) continue;
      // Right after an escaped `<` (`&lt;`) it cannot start an autolink: it is text.
      if (before.endsWith('&lt;')) continue;
    }
    found.push(`markdown: …${context}…`);
  }
  return found;
}
