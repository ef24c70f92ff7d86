/**
 * Escaping for the Markdown Kurabe writes (the outline). Two kinds of text go in:
 *
 * - Plain text: what comes from web pages (titles, site names, quotes, excerpts) and the names
 *   of a board. Every character Markdown could read as syntax is escaped, so it shows as typed.
 * - Notes the user wrote: their Markdown for inline formatting is kept (emphasis, code, links to
 *   web pages), but nothing in a note can change the document's structure: no heading, list,
 *   quote, table, code block, raw HTML, footnote or link definition, and no link to a script.
 *
 * The output is CommonMark + GFM as marked reads it, and stays readable as text for a person
 * pasting it into a blog editor.
 */

/** Newlines of every kind as `\n`; other control characters (NUL included) dropped. */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(/\p{Cc}/gu, (c) => (c === '\n' || c === '\t' ? c : c === '\v' || c === '\f' ? '\n' : ''));
}

/** Lines of `text` with their white space collapsed, empty ones left out. */
export function textLines(text: string): string[] {
  return normalizeText(text)
    .split('\n')
    .map((line) => line.replace(/\s+/gu, ' ').trim())
    .filter(Boolean);
}

/** Japanese and Chinese characters and punctuation: scripts written without spaces between words. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF00-\uFFEF]/u;

/**
 * One line of `text`. A line break between two Japanese (or Chinese) characters is dropped, as a
 * Japanese reader joins lines ("確認から。\n午前は" → "確認から。午前は"); other runs of white space
 * become one space.
 */
export function oneLine(text: string): string {
  return textLines(text).reduce((joined, line) => {
    if (!joined) return line;
    const unspaced = UNSPACED.test(joined.at(-1)!) && UNSPACED.test(line[0]!);
    return unspaced ? joined + line : `${joined} ${line}`;
  }, '');
}

/**
 * Inline syntax characters of plain text. `<` becomes an entity rather than `\<`: older Markdown
 * processors (Markdown.pl and its descendants, still behind some blog editors) do not treat `\<`
 * as an escape and would pass the tag through. `&` is escaped only where it would start an
 * entity, so "Q&A" stays as it is. What a renderer would turn into a link on its own (GFM's
 * extended autolinks) is kept text: see AUTOLINK_STARTS, whose three patterns end this one.
 */
const PLAIN_SPECIAL =
  /[\\`*_[\]#|~<]|&(?=#?[0-9A-Za-z]+;)|:(?<=(?:https?|ftp):)(?=\/\/)|\.(?<=www\.)|\.(?<=[\w.+-]@[\w-]+\.)/gi;

/**
 * Where a renderer would link plain text by itself (GFM's extended autolinks, which marked, GitHub
 * and the hoedown/Redcarpet family share): the `:` of `http://`, `https://` and `ftp://`, the `.`
 * after `www`, and the first `.` of an e-mail address's domain (`someone@example\.com`), which
 * also keeps `mailto:` and `xmpp:` from linking, since both need an address. Each is escaped
 * with a backslash, which every Markdown reads as the character itself (`.` is in Markdown.pl's
 * own list; `:` in PHP Markdown Extra's, hoedown's and CommonMark's): the text shows exactly as
 * written, and a link that does not start is not made, even one marked would have made broken
 * with the backslashes of the address's escaped `_` and `*`.
 * Each alternative matches its one character first and looks behind from there: a lookbehind
 * tried at every position (`(?<=[\w.+-]@[\w-]+)\.`) scanned back over the whole word before it
 * in Node 20's V8, so a 100,000-letter word took 14.6 s to escape for the outline command line and
 * the tests (found by backup-extreme's property test; Chromium 156's V8 did it in under 1 ms).
 */
const AUTOLINK_STARTS = /:(?<=(?:https?|ftp):)(?=\/\/)|\.(?<=www\.)|\.(?<=[\w.+-]@[\w-]+\.)/gi;

function escapeInlineSyntax(text: string): string {
  return text.replace(PLAIN_SPECIAL, (c) => (c === '<' ? '&lt;' : c === '&' ? '&amp;' : `\\${c}`));
}

/**
 * Markdown text that another escaper made (Turndown's, for an article's text) with what a
 * renderer would link by itself escaped too (AUTOLINK_STARTS): text stays text.
 */
export function escapeAutolinks(markdownText: string): string {
  return markdownText.replace(AUTOLINK_STARTS, (c) => `\\${c}`);
}

/**
 * What would open a block at the start of a line once inline syntax is escaped: a block quote
 * (`>`), a list item (`-`, `+`, `1.`, `1)`), a setext underline (`=`, `-`) or a table delimiter
 * row (`:-:` is a one-column table for marked).
 */
function escapePlainLineStart(line: string): string {
  if (/^[>+=:-]/.test(line)) return `\\${line}`;
  return line.replace(/^(\d{1,9})([.)])/, '$1\\$2');
}

/**
 * Plain text on one line, every Markdown character escaped. Safe anywhere, the start of a line or
 * of a list item included.
 */
export function escapePlain(text: string): string {
  return escapePlainLineStart(escapeInlineSyntax(oneLine(text)));
}

/**
 * Plain text on one line for a place where no block can start: after other text on the line,
 * inside 「」 or a link's brackets, in a heading or a table cell. As `escapePlain`, without the
 * escapes a line start needs ("1. はじめに" stays as it is).
 */
export function escapePlainInline(text: string): string {
  return escapeInlineSyntax(oneLine(text));
}

/**
 * Plain text as a link's text (`[here](…)`): as `escapePlainInline`, with its brackets written as
 * character references. marked reads a link's text again with the backslash escapes taken out,
 * so `!\[x\](<u>)` in a title became an image inside the link (found by the property test);
 * `&#91;` is read as a bracket by every Markdown processor and as syntax by none.
 */
export function escapeLinkText(text: string): string {
  return escapePlainInline(text).replace(/\\([[\]])/g, (_, c: string) => (c === '[' ? '&#91;' : '&#93;'));
}

/** Plain text kept in lines (a quote of several paragraphs), each escaped as `escapePlain`. */
export function escapePlainLines(text: string): string[] {
  return textLines(text).map((line) => escapePlainLineStart(escapeInlineSyntax(line)));
}

/** A link destination written out in a note that is a web page or a mail address. */
const SAFE_DESTINATION = /^\s*<?\s*(?:https?:\/\/|mailto:)/i;

/**
 * The `:` of the addresses a renderer links by itself that are neither web pages nor mail:
 * `ftp://…` and `xmpp:someone@…` (marked and GitHub link both). A note's bare web addresses and
 * e-mail addresses stay links, as the user typed them.
 */
const NOTE_AUTOLINK_ELSEWHERE = /(?<=ftp):(?=\/\/)|(?<=xmpp):/gi;

/**
 * One line of a user's note with its inline Markdown kept (emphasis, code, links to web pages).
 * What could reach outside the note is neutralised everywhere on the line, code spans included:
 * `<` (raw HTML, autolinks), `|` (GFM splits table cells before reading code spans), `[^` (the
 * footnotes are the outline's) and links to anything but http(s) and mailto (those written as
 * links, and the `ftp://` and `xmpp:` ones a renderer would make). Code spans are not
 * spared because whether a backtick opens one depends on what marked read before it: a bare URL
 * swallows backticks and backslashes up to the next space or `<` (`www.a.example\<img …>` leaves
 * the `<` unescaped). A `<`, `|` or `[^` inside a note's code span shows escaped; that is the price.
 */
function escapeNoteInline(note: string): string {
  // Escaped before the walk below, which keeps every backslash pair as it is.
  const line = note.replace(NOTE_AUTOLINK_ELSEWHERE, '\\:');
  let out = '';
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    const next = line[i + 1];
    if (c === '\\') {
      // `\<` is written as the entity (a URL before it would swallow the backslash); any other
      // escape pair stays; a backslash ending the line would be a hard break, which a table cell
      // has no room for, so it is kept as a character.
      out += next === '<' ? '&lt;' : next === undefined ? '\\\\' : c + next;
      i += 2;
      continue;
    }
    if (c === '<') out += '&lt;';
    else if (c === '|') out += '\\|';
    else if (c === '[' && next === '^') out += '\\[';
    else if (c === ']' && next === '(' && !SAFE_DESTINATION.test(line.slice(i + 2))) {
      // `[text]\(url)` is text: the link (javascript:, data:, a relative path) is not made.
      out += ']\\(';
      i += 2;
      continue;
    } else out += c;
    i++;
  }
  return out;
}

/**
 * What would open a block at the start of a note's line: a heading, a block quote, a list item,
 * a setext underline or thematic break, a code fence, a table delimiter row, raw HTML, or a link
 * or footnote definition. Emphasis (`*強調*`) at the start of a line is kept.
 */
function escapeNoteLineStart(line: string): string {
  if (/^(?:[#>+=:-]|`{3}|~{3})/.test(line)) return `\\${line}`;
  if (/^\*(?:\s|$)/.test(line) || /^(?:\*\s*){3,}$/.test(line) || /^(?:_\s*){3,}$/.test(line)) {
    return `\\${line}`;
  }
  if (/^\[[^\]]*\]:/.test(line)) return `\\${line}`;
  if (line.startsWith('<')) return `&lt;${line.slice(1)}`;
  return line.replace(/^(\d{1,9})([.)])/, '$1\\$2');
}

/**
 * A user's note as Markdown paragraphs (blank lines in the note separate them). Each line is
 * trimmed: indentation would make code blocks or nested structure the outline does not expect.
 */
export function noteParagraphs(note: string): string[] {
  return normalizeText(note)
    .split(/\n[^\S\n]*\n/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => escapeNoteInline(escapeNoteLineStart(line)))
        .join('\n'),
    )
    .filter(Boolean);
}

/**
 * A user's note inside a table cell: one line, its lines joined with `<br>` (the one piece of raw
 * HTML the outline writes; GFM tables have no other line break).
 */
export function noteInCell(note: string): string {
  return textLines(note)
    .map((line) => escapeNoteInline(line))
    .join('<br>');
}

/**
 * A web address ready for Markdown, or undefined when it is not one (no link is made to a script,
 * a file or an extension page). Characters that would end or break a link are percent-encoded
 * (white space, parentheses, angle brackets, backslashes, quotes): every Markdown processor reads
 * that, unlike `<...>` link destinations.
 */
function webUrl(url: string): string | undefined {
  const trimmed = url.trim();
  if (!/^https?:\/\/[^\s/?#]/i.test(trimmed)) return undefined;
  return trimmed.replace(/[\s()<>\\"`]|\p{Cc}/gu, (c) =>
    [...new TextEncoder().encode(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/**
 * A URL as a link destination (`[text](here)`), or undefined when it is not a web address. `&`
 * before an entity name is backslash-escaped: a destination's entities are decoded.
 */
export function linkDestination(url: string): string | undefined {
  return webUrl(url)?.replace(/&(?=#?[0-9A-Za-z]+;)/g, '\\&');
}

/** A URL shown as itself (`<https://…>`, taken literally), or undefined when it is not a web address. */
export function autolink(url: string): string | undefined {
  const web = webUrl(url);
  return web === undefined ? undefined : `<${web}>`;
}
