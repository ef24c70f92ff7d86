import { serverUrlProblem } from '../sync/status';

/**
 * What can go wrong sending a draft, in terms a person can act on (the panel says each in words:
 * publish_failed_<code> in public/_locales). Shared by the WordPress and Hatena clients.
 *
 * No message, detail or log line holds a password, an API key or an Authorization header: the
 * error carries a code, the HTTP status and the status of the remote post, nothing else.
 */
export type PublishFailure =
  /** The address is no URL (or holds a user name and password: they go in their own fields). */
  | 'invalidUrl'
  /** Plain http to another computer: the key would cross the network in clear. */
  | 'insecure'
  /** 401: wrong user name, API key or application password. */
  | 'unauthorized'
  /** 403: the account may not do this (a contributor, a blog of someone else). */
  | 'forbidden'
  /** 404 on the blog's own address: wrong blog ID or site URL. */
  | 'notFound'
  /** A WordPress site without its REST API (disabled, or not WordPress). */
  | 'noRestApi'
  | 'offline'
  | 'timeout'
  /** https and the browser could not connect: the address, or its certificate (expired, self-signed). */
  | 'certificate'
  /** http and the browser could not connect (server down, address wrong). */
  | 'unreachable'
  /** 5xx. */
  | 'server'
  /** The answer was not what the blog's API documents. */
  | 'badResponse'
  /** The draft was published (or scheduled, made private, sent for review) meanwhile: never overwritten. */
  | 'notDraft'
  /** The draft was deleted (or trashed) on the blog: a new one may be created. */
  | 'deleted'
  /** The draft was edited on the blog since the last send: overwrite only when the person says so. */
  | 'changedOnBlog'
  /** The host permission of the blog's origin was refused or removed. */
  | 'permission';

export class PublishError extends Error {
  override readonly name = 'PublishError';
  constructor(
    readonly code: PublishFailure,
    /** The HTTP status, and the remote post's status for notDraft (publish, future, private…). */
    readonly detail: { status?: number; remoteStatus?: string } = {},
  ) {
    super(describe(code, detail));
  }
}

/** English words for logs and tests; the panel shows its own translated message for the code. */
function describe(code: PublishFailure, { status, remoteStatus }: PublishError['detail']): string {
  const http = status ? ` (HTTP ${status})` : '';
  switch (code) {
    case 'invalidUrl':
      return 'The address is not a valid URL.';
    case 'insecure':
      return 'Plain http is allowed only on this computer: use https.';
    case 'unauthorized':
      return `The blog refused the user name or key${http}: check them.`;
    case 'forbidden':
      return `This account may not write drafts on this blog${http}.`;
    case 'notFound':
      return `Nothing at this address${http}: check the site URL or the blog ID.`;
    case 'noRestApi':
      return 'This site answers, but not with the WordPress REST API (disabled, or not WordPress).';
    case 'offline':
      return 'The browser is offline.';
    case 'timeout':
      return 'The blog did not answer in time.';
    case 'certificate':
      return 'The site could not be reached over https: check the address and its certificate.';
    case 'unreachable':
      return 'The site could not be reached: check the address.';
    case 'server':
      return `The blog had an error${http}: try again later.`;
    case 'badResponse':
      return `The blog answered with something its API does not describe${http}.`;
    case 'notDraft':
      return `The post is no longer a draft (${remoteStatus ?? 'published'}): it was not changed.`;
    case 'deleted':
      return 'The draft was deleted on the blog.';
    case 'changedOnBlog':
      return 'The draft was changed on the blog since the last send.';
    case 'permission':
      return 'Kurabe may not connect to this site: the permission was refused or removed.';
  }
}

/** The failure of an HTTP status, for the statuses every blog API shares. */
export function failureOfStatus(status: number): PublishFailure | undefined {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'notFound';
  if (status >= 500) return 'server';
  if (status >= 400) return 'badResponse';
  return undefined;
}

export interface HttpOptions {
  /** The fetch to use (tests pass none: the real one, against local servers). */
  fetch?: typeof fetch;
  /** How long one request may take before it is given up, in ms. */
  timeoutMs?: number;
  /** Whether the browser is online (navigator.onLine). */
  online?: () => boolean;
}

export const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * One request with a timeout; a network failure becomes a PublishError (offline, timeout,
 * certificate, unreachable). HTTP errors are left to the caller (the status means different
 * things to each API). The browser's fetch tells a refused certificate from a server that is down
 * by nothing: on https both are `certificate`, whose words name both.
 */
export async function request(url: string, init: RequestInit, options: HttpOptions = {}): Promise<Response> {
  const online = options.online ?? (() => globalThis.navigator?.onLine ?? true);
  if (!online()) throw new PublishError('offline');
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    // No cookie of the blog goes along: Kurabe signs in with the key only.
    return await (options.fetch ?? fetch)(url, {
      ...init,
      credentials: 'omit',
      redirect: 'follow',
      signal: controller.signal,
    });
  } catch {
    if (controller.signal.aborted) throw new PublishError('timeout');
    if (!online()) throw new PublishError('offline');
    throw new PublishError(new URL(url).protocol === 'https:' ? 'certificate' : 'unreachable');
  } finally {
    clearTimeout(timer);
  }
}

/** The body of a response as JSON, or a badResponse. */
export async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    throw new PublishError('badResponse', { status: response.status });
  }
}

/** A site's address checked (https, or http on this computer) and without a trailing slash. */
export function checkedSiteUrl(url: string): string {
  const trimmed = url.trim();
  const problem = serverUrlProblem(trimmed);
  if (problem === 'invalid') throw new PublishError('invalidUrl');
  if (problem === 'insecure') throw new PublishError('insecure');
  const parsed = new URL(trimmed);
  parsed.hash = '';
  parsed.search = '';
  return parsed.href.replace(/\/+$/, '');
}

/**
 * The fingerprint of a draft's title and content as the blog holds them (SHA-256, hex): kept
 * after a send and compared with the blog's current one at the next. A blog's modified stamp has
 * one-second resolution (WordPress's modified_gmt, Hatena's app:edited): an edit made on the blog
 * within the same second as Kurabe's send leaves the stamp as it was, but not the content.
 */
export async function draftHash(title: string, content: string): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify([title, content]));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `Basic base64(user:secret)`, UTF-8 safe. */
export function basicAuth(user: string, secret: string): string {
  const bytes = new TextEncoder().encode(`${user}:${secret}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
