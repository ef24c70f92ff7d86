import createDOMPurify, { type DOMPurify } from 'dompurify';
import { CODE_LANGUAGE } from './extract/prepare';

/**
 * What survives from a clipped page: text structure, links, images, tables, code. Nothing that
 * runs, loads a frame, submits, plays media or styles the page: a clip is read in Kurabe's own
 * pages, so page CSS (and its `url()` loads) and active content have no place there.
 */
const FORBID_TAGS = [
  'script',
  'style',
  'link',
  'meta',
  'base',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'form',
  'input',
  'button',
  'select',
  'option',
  'textarea',
  'video',
  'audio',
  'source',
  'track',
  'canvas',
  'svg',
  'math',
  'noscript',
  'template',
  'dialog',
  'portal',
  'marquee',
  'title',
];
const FORBID_ATTR = ['style', 'id', 'name', 'target', 'ping', 'background', 'poster', 'action', 'formaction'];
/** `data-kurabe-*` carries hints from extraction (code language, footnotes); nothing else of `data-*`. */
const ADD_ATTR = ['data-kurabe-lang', 'data-kurabe-fn', 'data-kurabe-fn-ref'];

const SAFE_LINK = /^(https?:|mailto:)/i;
const SAFE_IMAGE = /^(https?:|data:image\/(png|gif|jpe?g|webp|avif);)/i;

const instances = new WeakMap<object, DOMPurify>();
let currentBase = 'about:blank';

function resolve(value: string, allowed: RegExp): string | undefined {
  let url: string;
  try {
    url = new URL(value.trim(), currentBase).href;
  } catch {
    return undefined;
  }
  return allowed.test(url) ? url : undefined;
}

/** Keeps the `srcset` candidates that are web URLs, made absolute. */
function cleanSrcset(srcset: string): string {
  return srcset
    .split(/,\s+(?=\S)/)
    .map((candidate) => {
      const [url, ...descriptor] = candidate.trim().split(/\s+/);
      // A descriptor is "2x" or "640w": anything else (a browser also splits at a comma without
      // a space, so "1x,javascript:…" hides a second candidate) drops the candidate.
      if (!descriptor.every((d) => /^\d+(\.\d+)?[wx]$/i.test(d))) return '';
      const abs = url ? resolve(url, /^https?:/i) : undefined;
      return abs ? [abs, ...descriptor].join(' ') : '';
    })
    .filter(Boolean)
    .join(', ');
}

const URL_ATTRS = new Set(['href', 'src', 'cite', 'longdesc', 'xlink:href']);

function purifierFor(win: Window & typeof globalThis): DOMPurify {
  let purify = instances.get(win);
  if (purify) return purify;
  purify = createDOMPurify(win);
  // Per attribute, as DOMPurify meets it: cheaper than reading every URL attribute of every
  // element again afterwards (jsdom makes each read costly).
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    const name = data.attrName;
    if (URL_ATTRS.has(name)) {
      const abs = resolve(
        data.attrValue,
        name === 'src' && (node as Element).tagName === 'IMG' ? SAFE_IMAGE : SAFE_LINK,
      );
      if (abs) data.attrValue = abs;
      else data.keepAttr = false;
    } else if (name === 'data-kurabe-fn' || name === 'data-kurabe-fn-ref') {
      // Extraction's own marks, written into the Markdown: a page cannot make them say anything else.
      if (!/^\d{1,4}$/.test(data.attrValue)) data.keepAttr = false;
    } else if (name === 'data-kurabe-lang') {
      if (!CODE_LANGUAGE.test(data.attrValue)) data.keepAttr = false;
    } else if (name === 'srcset') {
      const cleaned = cleanSrcset(data.attrValue);
      if (cleaned) data.attrValue = cleaned;
      else data.keepAttr = false;
    } else if (name === 'class') {
      // Only a code block's language is worth keeping; page classes mean nothing in Kurabe.
      const kept = data.attrValue.split(/\s+/).filter((c) => /^(language|lang)-[\w+#.-]+$/.test(c));
      if (kept.length) data.attrValue = kept.join(' ');
      else data.keepAttr = false;
    }
  });
  instances.set(win, purify);
  return purify;
}

/** Runs a sanitize call with relative URLs resolved against `baseUrl` (read by the hook). */
function withBase<T>(baseUrl: string, sanitize: () => T): T {
  currentBase = baseUrl;
  try {
    return sanitize();
  } finally {
    currentBase = 'about:blank';
  }
}

const CONFIG = {
  USE_PROFILES: { html: true },
  FORBID_TAGS,
  FORBID_ATTR,
  ADD_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
};

/**
 * Sanitizes HTML from a page into a detached, inert `<body>`: no script, handler, style, frame,
 * form or media; links and images absolute against `baseUrl` and limited to http(s) (mailto for
 * links, raster data: URLs for images). Works in a browser page and in jsdom (pass its window).
 */
export function sanitizeToBody(
  html: string,
  baseUrl: string,
  win: Window & typeof globalThis = window,
): HTMLElement {
  // DOMPurify parses into a document of its own, which is inert: nothing in it runs or loads,
  // images included (a detached <img> of a live document would fetch at once).
  const body = withBase(
    baseUrl,
    () => purifierFor(win).sanitize(html, { ...CONFIG, RETURN_DOM: true }) as HTMLElement | null,
  );
  // A <frameset> document has no body: nothing of it is kept.
  return body ?? win.document.implementation.createHTMLDocument('').body;
}

/**
 * Sanitizes an element in place, by the same rules as `sanitizeToBody`. For an element of an
 * inert document (a clone of the page, where Readability worked): it saves serializing the
 * article and parsing it again.
 */
export function sanitizeElement(
  element: Element,
  baseUrl: string,
  win: Window & typeof globalThis = window,
): void {
  withBase(baseUrl, () => purifierFor(win).sanitize(element, { ...CONFIG, IN_PLACE: true }));
}

/** Sanitized HTML as a string (see `sanitizeToBody`). */
export function sanitizeHtml(
  html: string,
  baseUrl: string,
  win: Window & typeof globalThis = window,
): string {
  return sanitizeToBody(html, baseUrl, win).innerHTML;
}
