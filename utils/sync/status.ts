import { isQuotaExceeded } from '../db';

/**
 * Why a sync failed, in the terms a person can act on (the panel translates each code:
 * sync_failed_<code> in public/_locales). A browser's fetch tells a refused CORS request, a bad
 * certificate and a server that is down apart from nothing: all three are `unreachable`, and its
 * message names them.
 */
export type SyncFailure =
  | 'offline'
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'unreachable'
  | 'quota'
  | 'permission'
  | 'server';

export function classifySyncError(
  error: unknown,
  online = globalThis.navigator?.onLine ?? true,
): SyncFailure {
  if (isQuotaExceeded(error)) return 'quota';
  const { status, name } = (error ?? {}) as { status?: unknown; name?: unknown };
  if (status === 401 || name === 'unauthorized') return 'unauthorized';
  if (status === 403 || name === 'forbidden') return 'forbidden';
  if (status === 404 || name === 'not_found') return 'notFound';
  if (typeof status === 'number' && status >= 500) return 'server';
  if (!online) return 'offline';
  return 'unreachable';
}

/** Seconds before the next try after `failures` failures in a row: 30 s doubling to an hour. */
export function retryDelaySeconds(failures: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, failures - 1));
}

/**
 * Whether a server address may be used: https anywhere, plain http only on this computer
 * (localhost, 127.0.0.1, [::1]) — a password sent in plain text over a network can be read.
 */
export function serverUrlProblem(url: string): 'invalid' | 'insecure' | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'invalid';
  }
  if (parsed.username || parsed.password) return 'invalid'; // credentials go in their own fields
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol !== 'http:') return 'invalid';
  return ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname) ? undefined : 'insecure';
}

/** The origin pattern to ask a host permission for (`https://couch.example:6984/*`). */
export function originPattern(url: string): string {
  const { protocol, hostname } = new URL(url);
  // Match patterns take no port: a pattern matches every port of the host.
  return `${protocol}//${hostname}/*`;
}
