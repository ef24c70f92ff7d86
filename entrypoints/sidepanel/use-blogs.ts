import { useEffect, useState } from 'preact/hooks';
import type { BlogForm, BlogTestResult, BlogView } from '@/components/BlogSettings';
import { type BlogConfig, blogKey, blogOriginPattern, hatenaEndpoint, testBlog } from '@/utils/publish/draft';
import { PublishError } from '@/utils/publish/http';

/**
 * The blogs set up for 「下書きとして送る」, kept in this browser's storage.local (BLOG_CONFIGS_KEY):
 * never in IndexedDB, so never in a backup or a sync, and never in a message or a log. Pages see
 * them without their key (BlogView); the key is read from storage only to send.
 */
export const BLOG_CONFIGS_KEY = 'blogConfigs';

interface StoredBlog {
  config: BlogConfig;
  /** The blog's title, read by 「接続を確認」. */
  title: string;
}

async function loadBlogs(): Promise<StoredBlog[]> {
  const stored = (await browser.storage.local.get(BLOG_CONFIGS_KEY))[BLOG_CONFIGS_KEY];
  return Array.isArray(stored) ? (stored as StoredBlog[]) : [];
}

function viewOf({ config, title }: StoredBlog): BlogView {
  return config.kind === 'wordpress'
    ? { key: blogKey(config), kind: 'wordpress', address: config.siteUrl, user: config.username, title }
    : { key: blogKey(config), kind: 'hatena', address: config.endpoint, user: config.hatenaId, title };
}

/** The set-up of one blog, key included, to send with (undefined once removed). */
export async function blogConfig(key: string): Promise<BlogConfig | undefined> {
  return (await loadBlogs()).find((b) => blogKey(b.config) === key)?.config;
}

/** The state every page of the panel shares: the blogs, and the last connection test. */
export interface BlogsState {
  blogs: BlogView[];
  testing: boolean;
  /** The last test: the blog's title, or why it failed. */
  result?: BlogTestResult;
}

let state: BlogsState = { blogs: [], testing: false };
const listeners = new Set<(next: BlogsState) => void>();
function update(change: Partial<BlogsState>): void {
  state = { ...state, ...change };
  for (const listener of listeners) listener(state);
}

async function refresh(): Promise<void> {
  update({ blogs: (await loadBlogs()).map(viewOf) });
}

/**
 * 「接続を確認」: asks for the blog's origin (from this click, synchronously, as sync does for its
 * server), reads the blog's title with the key, and saves the set-up only when that worked — a
 * wrong key stores nothing. `config.apiKey` / `applicationPassword` empty keeps the saved one.
 */
function test(form: BlogForm): void {
  let config: BlogConfig;
  let pattern: string;
  try {
    config =
      form.kind === 'wordpress'
        ? {
            kind: 'wordpress',
            siteUrl: form.address.trim().replace(/\/+$/, ''),
            username: form.user.trim(),
            applicationPassword: form.secret,
          }
        : {
            kind: 'hatena',
            hatenaId: form.user.trim(),
            endpoint: hatenaEndpoint(form.user, form.address),
            apiKey: form.secret.trim(),
          };
    pattern = blogOriginPattern(config);
  } catch (error) {
    update({ result: { failure: error instanceof PublishError ? error.code : 'invalidUrl' } });
    return;
  }
  const asked = browser.permissions.request({ origins: [pattern] });
  update({ testing: true, result: undefined });
  void (async () => {
    try {
      if (!(await asked)) throw new PublishError('permission');
      const blogs = await loadBlogs();
      const key = blogKey(config);
      const saved = blogs.find((b) => blogKey(b.config) === key)?.config;
      const full = withSavedSecret(config, saved);
      const { title } = await testBlog(full);
      const next = [...blogs.filter((b) => blogKey(b.config) !== key), { config: full, title }];
      await browser.storage.local.set({ [BLOG_CONFIGS_KEY]: next });
      update({ blogs: next.map(viewOf), result: { title } });
    } catch (error) {
      // Only the code goes further: never the error's text, which could one day hold more.
      update({ result: { failure: error instanceof PublishError ? error.code : 'unreachable' } });
    } finally {
      update({ testing: false });
    }
  })();
}

/** An empty key field means "keep the saved key" for a blog already set up. */
function withSavedSecret(config: BlogConfig, saved: BlogConfig | undefined): BlogConfig {
  if (config.kind === 'wordpress' && !config.applicationPassword && saved?.kind === 'wordpress')
    return { ...config, applicationPassword: saved.applicationPassword };
  if (config.kind === 'hatena' && !config.apiKey && saved?.kind === 'hatena')
    return { ...config, apiKey: saved.apiKey };
  return config;
}

async function remove(key: string): Promise<void> {
  const next = (await loadBlogs()).filter((b) => blogKey(b.config) !== key);
  await browser.storage.local.set({ [BLOG_CONFIGS_KEY]: next });
  update({ blogs: next.map(viewOf), result: undefined });
}

/** The blogs set up, their connection test and removal (Data tab; the export panel reads `blogs`). */
export function useBlogs() {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(state);
    void refresh();
    return () => {
      listeners.delete(setCurrent);
    };
  }, []);
  return { ...current, test, remove: (key: string) => void remove(key) };
}
