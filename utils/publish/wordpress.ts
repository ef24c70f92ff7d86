import {
  basicAuth,
  checkedSiteUrl,
  draftHash,
  failureOfStatus,
  type HttpOptions,
  PublishError,
  readJson,
  request,
} from './http';

/**
 * A WordPress site's REST API, for drafts only (status "draft", never anything else).
 *
 * Interface (every function throws PublishError, utils/publish/http.ts, with a `code`):
 *
 *   findRestRoot(siteUrl, auth?, http?)      → WordPressRoot {siteUrl, style: 'pretty'|'query', name}
 *       GET {site}/wp-json/, then {site}/?rest_route=/ (a site without pretty permalinks, such
 *       as WordPress under `php -S`). Failures: invalidUrl, insecure, noRestApi, notFound,
 *       unauthorized, offline, timeout, certificate, unreachable, server.
 *   testWordPress(config, http?)             → {title, root, user}   (「接続を確認」: the site's name;
 *       the application password checked with GET users/me?context=edit)
 *   findExistingTags(config, root, names)    → {id, name}[]   GET tags?search=…; only tags the site
 *       has, matched by name (case-insensitive); never creates one
 *   createDraft(config, root, draft)         → RemoteDraft {id, editUrl, modified, contentHash}
 *       POST posts, status draft
 *   updateDraft(config, root, last, draft, {overwrite})  → RemoteDraft
 *       GET posts/{id}?context=edit first: 404/410/trash → 'deleted' (offer a new one);
 *       status ≠ draft → 'notDraft' (detail.remoteStatus: publish, future, private, pending);
 *       modified_gmt ≠ last.modified, or the raw title and content's hash ≠ last.contentHash (an
 *       edit in the same second as the send), and not overwrite → 'changedOnBlog' (ask, then call
 *       again with overwrite); then POST posts/{id} with status draft.
 *       Between that GET and the POST the post can still change: WordPress's REST API has no
 *       conditional update (no ETag or If-Match on posts, no If-Unmodified-Since), so that window,
 *       the length of one request, stays open.
 *   restUrl(root, route, params?)            → the URL of a route in the root's style
 *   editorUrl(root, id)                      → {site}/wp-admin/post.php?post=ID&action=edit
 *
 * `draft.content` is block markup (outlineToBlocks, utils/publish/blocks.ts). Authentication is
 * HTTP Basic with an application password (WordPress 5.6+; over plain http only when the site's
 * WP_ENVIRONMENT_TYPE is `local`). The password is never in a URL, an error or a log.
 */

export interface WordPressConfig {
  kind: 'wordpress';
  /** The site's address (https, or http on this computer), e.g. https://blog.example */
  siteUrl: string;
  username: string;
  /** An application password (Users → Profile → Application Passwords), spaces allowed. */
  applicationPassword: string;
}

export interface WordPressRoot {
  /** The site's address as given, checked, without a trailing slash. */
  siteUrl: string;
  /** `/wp-json/…` (pretty permalinks) or `/?rest_route=/…` (plain permalinks). */
  style: 'pretty' | 'query';
  /** The site's title (its REST index's `name`). */
  name: string;
}

export interface DraftPost {
  title: string;
  /** Block markup. */
  content: string;
  /** Ids of tags the site already has. */
  tags?: number[];
}

export interface RemoteDraft {
  /** The post's id, as a string (the board stores every blog's reference as text). */
  id: string;
  /** Where the draft opens in the block editor. */
  editUrl: string;
  /** The post's modified_gmt after this send: compared at the next send. */
  modified: string;
  /** draftHash of the post's raw title and content after this send: compared at the next send. */
  contentHash: string;
}

/** The URL of a REST route (`/wp/v2/posts`) with its query parameters, in the root's style. */
export function restUrl(
  root: Pick<WordPressRoot, 'siteUrl' | 'style'>,
  route: string,
  params: Record<string, string> = {},
): string {
  const query = new URLSearchParams(params).toString();
  if (root.style === 'pretty') return `${root.siteUrl}/wp-json${route}${query ? `?${query}` : ''}`;
  const rest = new URLSearchParams({ rest_route: route }).toString();
  return `${root.siteUrl}/?${rest}${query ? `&${query}` : ''}`;
}

/** Where a post opens in the editor. */
export function editorUrl(root: Pick<WordPressRoot, 'siteUrl'>, id: string | number): string {
  return `${root.siteUrl}/wp-admin/post.php?${new URLSearchParams({ post: String(id), action: 'edit' })}`;
}

/** Names and titles come HTML-escaped from WordPress (`&amp;`, `&#8217;`): as text. */
export function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return named[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function headers(config: WordPressConfig | undefined, json = false): Record<string, string> {
  const out: Record<string, string> = { Accept: 'application/json' };
  if (json) out['Content-Type'] = 'application/json';
  // Application passwords are shown with spaces; WordPress ignores them, so they are dropped.
  if (config) out.Authorization = basicAuth(config.username, config.applicationPassword.replace(/\s+/g, ''));
  return out;
}

/** A failed response as a PublishError (WordPress's own codes read where they say more). */
async function failure(response: Response): Promise<PublishError> {
  let code = '';
  try {
    const body: unknown = await response.json();
    if (isRecord(body) && typeof body.code === 'string') code = body.code;
  } catch {
    // Not JSON: the status says enough.
  }
  const { status } = response;
  // A site that switched the REST API off (Disable REST API and the like) answers so.
  if (/rest_(?:disabled|api_disabled|cannot_access)/.test(code))
    return new PublishError('noRestApi', { status });
  return new PublishError(failureOfStatus(status) ?? 'badResponse', { status });
}

/** The REST index at `url`, when it is WordPress's (namespaces with wp/v2). */
async function readIndex(
  url: string,
  config: WordPressConfig | undefined,
  http: HttpOptions,
): Promise<{ index?: Record<string, unknown>; response: Response }> {
  const response = await request(url, { headers: headers(config) }, http);
  if (!response.ok) return { response };
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return { response };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { response };
  }
  const namespaces = isRecord(body) ? body.namespaces : undefined;
  return Array.isArray(namespaces) && namespaces.includes('wp/v2')
    ? { index: body as Record<string, unknown>, response }
    : { response };
}

/**
 * Where the site's REST API answers: `/wp-json/` first, then `?rest_route=/` (no pretty
 * permalinks). Authenticated when a config is given (a site may keep its API to users).
 */
export async function findRestRoot(
  siteUrlInput: string,
  config?: WordPressConfig,
  http: HttpOptions = {},
): Promise<WordPressRoot> {
  const siteUrl = checkedSiteUrl(siteUrlInput);
  let lastFailure: Response | undefined;
  for (const style of ['pretty', 'query'] as const) {
    const { index, response } = await readIndex(restUrl({ siteUrl, style }, '/'), config, http);
    if (index) {
      const name = typeof index.name === 'string' ? decodeEntities(index.name) : '';
      return { siteUrl, style, name };
    }
    // A wrong password is refused on every route: no need to try the other form.
    if (response.status === 401) throw await failure(response);
    lastFailure = response;
  }
  // Neither form answered as WordPress. A site that is there but has no API, or a wrong address?
  if (lastFailure && lastFailure.status !== 404 && !lastFailure.ok) throw await failure(lastFailure);
  const home = await request(siteUrl, { method: 'GET' }, http);
  throw new PublishError(home.ok ? 'noRestApi' : 'notFound', { status: home.ok ? undefined : home.status });
}

/** 「接続を確認」: the site's title, and that the user and application password are accepted. */
export async function testWordPress(
  config: WordPressConfig,
  http: HttpOptions = {},
): Promise<{ title: string; root: WordPressRoot; user: string }> {
  const root = await findRestRoot(config.siteUrl, config, http);
  const response = await request(
    restUrl(root, '/wp/v2/users/me', { context: 'edit', _fields: 'id,name' }),
    { headers: headers(config) },
    http,
  );
  if (!response.ok) throw await failure(response);
  const me = await readJson(response);
  if (!isRecord(me)) throw new PublishError('badResponse', { status: response.status });
  return { title: root.name, root, user: typeof me.name === 'string' ? decodeEntities(me.name) : '' };
}

/** At most this many names are looked up (a board's clips rarely have more tags). */
export const MAX_TAG_LOOKUPS = 50;

/**
 * Of `names`, the tags the site already has (matched by name, case-insensitive), with their ids.
 * Looks each name up (GET tags?search=…); creates nothing.
 */
export async function findExistingTags(
  config: WordPressConfig,
  root: WordPressRoot,
  names: readonly string[],
  http: HttpOptions = {},
): Promise<{ id: number; name: string }[]> {
  const wanted = [...new Set(names.map((n) => n.trim()).filter(Boolean))].slice(0, MAX_TAG_LOOKUPS);
  const found = new Map<number, string>();
  for (const name of wanted) {
    const response = await request(
      restUrl(root, '/wp/v2/tags', { search: name, per_page: '100', _fields: 'id,name' }),
      { headers: headers(config) },
      http,
    );
    if (!response.ok) throw await failure(response);
    const tags = await readJson(response);
    if (!Array.isArray(tags)) throw new PublishError('badResponse', { status: response.status });
    for (const tag of tags) {
      if (!isRecord(tag) || typeof tag.id !== 'number' || typeof tag.name !== 'string') continue;
      const tagName = decodeEntities(tag.name);
      if (tagName.toLocaleLowerCase() === name.toLocaleLowerCase()) found.set(tag.id, tagName);
    }
  }
  return [...found].map(([id, name]) => ({ id, name }));
}

/** A post's raw title and content (context=edit), when the answer has them. */
function rawOf(post: Record<string, unknown>): { title: string; content: string } | undefined {
  const raw = (field: unknown) => (isRecord(field) && typeof field.raw === 'string' ? field.raw : undefined);
  const title = raw(post.title);
  const content = raw(post.content);
  return title !== undefined && content !== undefined ? { title, content } : undefined;
}

/**
 * The post as WordPress answered a write: its id, modified_gmt and the hash of what it keeps. A
 * write answers in the edit context (the raw title and content as stored: an author's HTML goes
 * through WordPress's filter); an answer without them is hashed as sent.
 */
async function remoteOf(
  root: WordPressRoot,
  body: unknown,
  status: number,
  sent: DraftPost,
): Promise<RemoteDraft> {
  if (!isRecord(body) || typeof body.id !== 'number' || typeof body.modified_gmt !== 'string')
    throw new PublishError('badResponse', { status });
  const kept = rawOf(body) ?? sent;
  return {
    id: String(body.id),
    editUrl: editorUrl(root, body.id),
    modified: body.modified_gmt,
    contentHash: await draftHash(kept.title, kept.content),
  };
}

function postBody(draft: DraftPost): string {
  return JSON.stringify({
    title: draft.title,
    content: draft.content,
    // Always a draft: Kurabe never publishes.
    status: 'draft',
    ...(draft.tags ? { tags: draft.tags } : {}),
  });
}

/** A new draft. */
export async function createDraft(
  config: WordPressConfig,
  root: WordPressRoot,
  draft: DraftPost,
  http: HttpOptions = {},
): Promise<RemoteDraft> {
  const response = await request(
    restUrl(root, '/wp/v2/posts'),
    { method: 'POST', headers: headers(config, true), body: postBody(draft) },
    http,
  );
  if (!response.ok) throw await failure(response);
  return remoteOf(root, await readJson(response), response.status, draft);
}

/**
 * The draft Kurabe sent before, updated — only while it is still a draft, and, unless
 * `overwrite`, only when nobody changed it on the blog since (see the top of this file).
 */
export async function updateDraft(
  config: WordPressConfig,
  root: WordPressRoot,
  last: { id: string; modified?: string; contentHash?: string },
  draft: DraftPost,
  { overwrite = false }: { overwrite?: boolean } = {},
  http: HttpOptions = {},
): Promise<RemoteDraft> {
  if (!/^\d+$/.test(last.id)) throw new PublishError('deleted');
  const route = `/wp/v2/posts/${last.id}`;
  const current = await request(
    restUrl(root, route, { context: 'edit' }),
    { headers: headers(config) },
    http,
  );
  if (current.status === 404 || current.status === 410)
    throw new PublishError('deleted', { status: current.status });
  if (!current.ok) throw await failure(current);
  const post = await readJson(current);
  if (!isRecord(post) || typeof post.status !== 'string')
    throw new PublishError('badResponse', { status: current.status });
  if (post.status === 'trash') throw new PublishError('deleted');
  if (post.status !== 'draft') throw new PublishError('notDraft', { remoteStatus: post.status });
  if (!overwrite && (await changedSince(last, post))) throw new PublishError('changedOnBlog');
  const response = await request(
    restUrl(root, route),
    { method: 'POST', headers: headers(config, true), body: postBody(draft) },
    http,
  );
  if (response.status === 404 || response.status === 410)
    throw new PublishError('deleted', { status: response.status });
  if (!response.ok) throw await failure(response);
  return remoteOf(root, await readJson(response), response.status, draft);
}

/**
 * Whether the post was changed on the blog since the send `last` remembers: its modified stamp
 * moved, or (to the second, the stamp cannot tell) its raw title and content are not what that
 * send left. A draft remembered before hashes were kept is compared by its stamp alone.
 */
async function changedSince(
  last: { modified?: string; contentHash?: string },
  post: Record<string, unknown>,
): Promise<boolean> {
  if (last.modified !== undefined && post.modified_gmt !== last.modified) return true;
  if (last.contentHash === undefined) return false;
  const raw = rawOf(post);
  return raw !== undefined && (await draftHash(raw.title, raw.content)) !== last.contentHash;
}
