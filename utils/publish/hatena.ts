import {
  basicAuth,
  checkedSiteUrl,
  draftHash,
  failureOfStatus,
  type HttpOptions,
  PublishError,
  request,
} from './http';

/**
 * Hatena Blog's AtomPub API (「はてなブログAtomPub」, developer.hatena.ne.jp), for drafts only.
 *
 * Interface (every function throws PublishError, utils/publish/http.ts):
 *
 *   hatenaEndpoint(hatenaId, blogIdOrEndpoint)  → the root endpoint, https://blog.hatena.ne.jp/{はてなID}/{ブログID}/atom
 *       (a full endpoint as shown in the blog's settings → 詳細設定 → AtomPub is taken as is)
 *   testHatena(config)                 → {title}   GET the service document: the blog's title
 *   entryXml(entry)                    → the <entry> Kurabe sends (always <app:draft>yes</app:draft>)
 *   createHatenaDraft(config, entry)   → RemoteDraft {id: member URI, editUrl, modified: app:edited, contentHash}
 *   updateHatenaDraft(config, last, entry, {overwrite})  → RemoteDraft
 *       GET the member URI first: 404 → 'deleted'; app:draft ≠ yes → 'notDraft'; app:edited ≠
 *       last.modified, or the entry's title and content hash ≠ last.contentHash (an edit within
 *       the second of the send: app:edited has one-second resolution), and not overwrite →
 *       'changedOnBlog'; then PUT the entry (draft again).
 *       Between that GET and the PUT the entry can still change. Hatena's AtomPub documentation
 *       says nothing of ETag or If-Match; RFC 5023 (§9.5) advises entity tags for lost updates, so
 *       when the GET answers with an ETag the PUT carries it as If-Match, and a 412 (changed
 *       meanwhile) is 'changedOnBlog'. Without an ETag (what Hatena documents) the window, one
 *       request long, stays open.
 *   wsseHeader(user, apiKey)           → the X-WSSE value (PasswordDigest = Base64(SHA1(nonce + created + key)))
 *
 * An AtomPub entry without <app:draft>yes</app:draft> is published (RFC 5023 §13.1.1): every entry
 * Kurabe writes carries it, on create and on update. `updated` is not sent: Hatena reads it as the
 * post's date, which the person sets when publishing. Content is Markdown (`text/x-markdown`),
 * the outline with the title separate (headings from ##: Hatena keeps # for the entry's title) —
 * Hatena's Markdown mode reads `[^1]` footnotes, so the outline's sources go as they are. Authentication: WSSE with the API key
 * (Hatena's recommended way), or Basic `はてなID:APIキー`. The key is in no URL, error or log.
 */

export const HATENA_ORIGIN = 'https://blog.hatena.ne.jp';
export const ATOM_NS = 'http://www.w3.org/2005/Atom';
export const APP_NS = 'http://www.w3.org/2007/app';

export interface HatenaConfig {
  kind: 'hatena';
  hatenaId: string;
  /** The root endpoint: https://blog.hatena.ne.jp/{はてなID}/{ブログID}/atom */
  endpoint: string;
  apiKey: string;
  /** WSSE (default) or Basic. */
  auth?: 'wsse' | 'basic';
}

export interface HatenaEntry {
  title: string;
  /** The outline's Markdown, title separate. */
  markdown: string;
  categories?: string[];
}

export interface RemoteDraft {
  /** The entry's member URI (its edit link). */
  id: string;
  /** Where the draft opens in Hatena's editor. */
  editUrl: string;
  /** app:edited after this send (or updated, when app:edited is missing). */
  modified: string;
  /** draftHash of the entry's title and content as the blog answered the send. */
  contentHash: string;
}

/** A Hatena ID as Hatena allows it: 3–32 letters, digits, - and _, starting with a letter. */
const HATENA_ID = /^[A-Za-z][A-Za-z0-9_-]{2,31}$/;
/** A blog ID is the blog's (original) domain. */
const BLOG_ID = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

/** The root endpoint from the はてなID and a ブログID (its domain) or the endpoint itself. */
export function hatenaEndpoint(hatenaId: string, blogIdOrEndpoint: string): string {
  const id = hatenaId.trim();
  const blog = blogIdOrEndpoint.trim();
  if (/^https?:\/\//i.test(blog)) {
    const url = checkedSiteUrl(blog);
    if (!/\/atom$/.test(url)) throw new PublishError('invalidUrl');
    return url;
  }
  if (!HATENA_ID.test(id) || !BLOG_ID.test(blog)) throw new PublishError('invalidUrl');
  return `${HATENA_ORIGIN}/${encodeURIComponent(id)}/${blog.toLowerCase()}/atom`;
}

/** XML 1.0 text: the five special characters as references, characters XML cannot hold dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
    );
}

/** The entry document Kurabe sends: title, Markdown content, categories, and always a draft. */
export function entryXml({ title, markdown, categories = [] }: HatenaEntry): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<entry xmlns="${ATOM_NS}" xmlns:app="${APP_NS}">`,
    `  <title>${escapeXml(title)}</title>`,
    `  <content type="text/x-markdown">${escapeXml(markdown)}</content>`,
    ...[...new Set(categories.map((c) => c.trim()).filter(Boolean))].map(
      (term) => `  <category term="${escapeXml(term)}" />`,
    ),
    '  <app:control>',
    '    <app:draft>yes</app:draft>',
    '  </app:control>',
    '</entry>',
  ];
  return `${lines.join('\n')}\n`;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The X-WSSE header (「はてなサービスにおけるWSSE認証」): a fresh random nonce per request, its time
 * (ISO 8601, UTC), and PasswordDigest = Base64(SHA1(nonce bytes + created + API key)); the nonce
 * goes Base64-encoded.
 */
export async function wsseHeader(
  username: string,
  apiKey: string,
  now = new Date(),
  nonce: Uint8Array = crypto.getRandomValues(new Uint8Array(20)),
): Promise<string> {
  const created = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const tail = new TextEncoder().encode(created + apiKey);
  const joined = new Uint8Array(nonce.length + tail.length);
  joined.set(nonce);
  joined.set(tail, nonce.length);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', joined));
  const quoted = (value: string) => value.replace(/["\\]/g, '');
  return `UsernameToken Username="${quoted(username)}", PasswordDigest="${base64(digest)}", Nonce="${base64(nonce)}", Created="${created}"`;
}

async function authHeaders(config: HatenaConfig, xml = false): Promise<Record<string, string>> {
  const headers: Record<string, string> = { Accept: 'application/atom+xml, application/xml' };
  if (xml) headers['Content-Type'] = 'application/atom+xml;type=entry;charset=utf-8';
  if (config.auth === 'basic') headers.Authorization = basicAuth(config.hatenaId, config.apiKey);
  else headers['X-WSSE'] = await wsseHeader(config.hatenaId, config.apiKey);
  return headers;
}

function parseXml(text: string, status: number): Document {
  let doc: Document;
  try {
    doc = new DOMParser().parseFromString(text, 'application/xml');
  } catch {
    throw new PublishError('badResponse', { status });
  }
  if (doc.getElementsByTagName('parsererror').length > 0) throw new PublishError('badResponse', { status });
  return doc;
}

const child = (parent: Element | Document, ns: string, name: string) =>
  parent.getElementsByTagNameNS(ns, name)[0];

interface ParsedEntry {
  editUri?: string;
  draft: boolean;
  edited?: string;
  /** The entry's title and content (its Markdown, as the blog keeps it). */
  title: string;
  content: string;
}

function parseEntry(doc: Document, base: string): ParsedEntry {
  const entry = doc.documentElement;
  if (entry.namespaceURI !== ATOM_NS || entry.localName !== 'entry') throw new PublishError('badResponse');
  let editUri: string | undefined;
  for (const link of Array.from(entry.getElementsByTagNameNS(ATOM_NS, 'link'))) {
    if (link.getAttribute('rel') === 'edit' && link.getAttribute('href'))
      editUri = new URL(link.getAttribute('href')!, base).href;
  }
  const control = child(entry, APP_NS, 'control');
  const draft = control ? child(control, APP_NS, 'draft')?.textContent?.trim() === 'yes' : false;
  const edited =
    child(entry, APP_NS, 'edited')?.textContent?.trim() ||
    child(entry, ATOM_NS, 'updated')?.textContent?.trim();
  return {
    editUri,
    draft,
    edited: edited || undefined,
    title: child(entry, ATOM_NS, 'title')?.textContent ?? '',
    content: child(entry, ATOM_NS, 'content')?.textContent ?? '',
  };
}

/** The blog's editor for an entry: {blog}/edit?entry={entry_id} beside the endpoint. */
export function hatenaEditorUrl(endpoint: string, memberUri: string): string {
  const entryId = decodeURIComponent(new URL(memberUri).pathname.split('/').pop() ?? '');
  return `${endpoint.replace(/\/atom$/, '')}/edit?${new URLSearchParams({ entry: entryId })}`;
}

/**
 * Whether `uri` is a member of this blog's entry collection. A member URI comes back from the
 * board (a backup or another device may have written it): the key is sent only to the blog's own.
 */
function isOwnMember(config: HatenaConfig, uri: string): boolean {
  try {
    const url = new URL(uri);
    const collection = new URL(`${config.endpoint}/entry/`);
    return url.origin === collection.origin && url.pathname.startsWith(collection.pathname) && !url.search;
  } catch {
    return false;
  }
}

async function fail(response: Response): Promise<never> {
  throw new PublishError(failureOfStatus(response.status) ?? 'badResponse', { status: response.status });
}

/** 「接続を確認」: the service document's title (the blog's name), which also checks the key. */
export async function testHatena(config: HatenaConfig, http: HttpOptions = {}): Promise<{ title: string }> {
  const endpoint = checkedSiteUrl(config.endpoint);
  const response = await request(endpoint, { headers: await authHeaders(config) }, http);
  if (!response.ok) await fail(response);
  const doc = parseXml(await response.text(), response.status);
  const workspace = child(doc, APP_NS, 'workspace');
  const title = workspace ? child(workspace, ATOM_NS, 'title')?.textContent?.trim() : undefined;
  if (doc.documentElement.localName !== 'service')
    throw new PublishError('badResponse', { status: response.status });
  return { title: title ?? '' };
}

async function remoteOf(
  config: HatenaConfig,
  parsed: ParsedEntry,
  location: string | null,
  status: number,
): Promise<RemoteDraft> {
  const id = parsed.editUri ?? (location ? new URL(location, config.endpoint).href : undefined);
  if (!id || !isOwnMember(config, id) || !parsed.edited) throw new PublishError('badResponse', { status });
  return {
    id,
    editUrl: hatenaEditorUrl(config.endpoint, id),
    modified: parsed.edited,
    contentHash: await draftHash(parsed.title, parsed.content),
  };
}

/** A new draft entry (POST to the collection; 201 with the entry). */
export async function createHatenaDraft(
  config: HatenaConfig,
  entry: HatenaEntry,
  http: HttpOptions = {},
): Promise<RemoteDraft> {
  const endpoint = checkedSiteUrl(config.endpoint);
  const response = await request(
    `${endpoint}/entry`,
    { method: 'POST', headers: await authHeaders(config, true), body: entryXml(entry) },
    http,
  );
  if (!response.ok) await fail(response);
  const parsed = parseEntry(parseXml(await response.text(), response.status), endpoint);
  return remoteOf({ ...config, endpoint }, parsed, response.headers.get('location'), response.status);
}

/** The draft sent before, updated — only while still a draft and, unless `overwrite`, unchanged on the blog. */
export async function updateHatenaDraft(
  config: HatenaConfig,
  last: { id: string; modified?: string; contentHash?: string },
  entry: HatenaEntry,
  { overwrite = false }: { overwrite?: boolean } = {},
  http: HttpOptions = {},
): Promise<RemoteDraft> {
  const endpoint = checkedSiteUrl(config.endpoint);
  const own = { ...config, endpoint };
  // A reference to another blog (or a crafted one) is no draft of this blog.
  if (!isOwnMember(own, last.id)) throw new PublishError('deleted');
  const current = await request(last.id, { headers: await authHeaders(own) }, http);
  if (current.status === 404 || current.status === 410)
    throw new PublishError('deleted', { status: current.status });
  if (!current.ok) await fail(current);
  const remote = parseEntry(parseXml(await current.text(), current.status), endpoint);
  if (!remote.draft) throw new PublishError('notDraft', { remoteStatus: 'published' });
  if (!overwrite) {
    const stampMoved = last.modified !== undefined && remote.edited !== last.modified;
    const contentMoved =
      last.contentHash !== undefined && (await draftHash(remote.title, remote.content)) !== last.contentHash;
    if (stampMoved || contentMoved) throw new PublishError('changedOnBlog');
  }
  const headers = await authHeaders(own, true);
  // The entry as just read, and no other (RFC 5023 §9.5), where the blog gives it an entity tag.
  const etag = current.headers.get('etag');
  if (etag) headers['If-Match'] = etag;
  const response = await request(last.id, { method: 'PUT', headers, body: entryXml(entry) }, http);
  if (response.status === 404 || response.status === 410)
    throw new PublishError('deleted', { status: response.status });
  if (response.status === 412) throw new PublishError('changedOnBlog', { status: 412 });
  if (!response.ok) await fail(response);
  const parsed = parseEntry(parseXml(await response.text(), response.status), endpoint);
  return remoteOf(own, { ...parsed, editUri: parsed.editUri ?? last.id }, null, response.status);
}
