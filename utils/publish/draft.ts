import { outlineToBlocks, wordPressTitle } from './blocks';
import {
  createHatenaDraft,
  type HatenaConfig,
  hatenaEndpoint,
  testHatena,
  updateHatenaDraft,
} from './hatena';
import type { HttpOptions } from './http';
import {
  createDraft,
  findExistingTags,
  findRestRoot,
  testWordPress,
  updateDraft,
  type WordPressConfig,
} from './wordpress';

/**
 * Sending a board's outline to a blog as a draft, whichever the blog: the one entry point the
 * panel (entrypoints/sidepanel/use-blog-draft.ts) and the tests call.
 *
 *   blogKey(config)                  → the key a board remembers the blog's draft under
 *   testBlog(config)                 → {title}  (「接続を確認」)
 *   sendDraft(request, http?)        → RememberedDraft (what the board keeps for the next send)
 *
 * A board remembers, per blog key, the draft it made there (RememberedDraft): sending again
 * updates that draft; `createNew` (after 'deleted') makes another one; `overwrite` (after
 * 'changedOnBlog', when the person says so) replaces changes made on the blog. A draft that is no
 * longer a draft is never written ('notDraft').
 */

export type BlogConfig = WordPressConfig | HatenaConfig;

export interface RememberedDraft {
  /** WordPress: the post id; Hatena: the entry's member URI. */
  remoteId: string;
  /** Where the draft opens in the blog's editor. */
  editUrl: string;
  /** When Kurabe last sent it. */
  sentAt: number;
  /** The blog's modified stamp after that send (modified_gmt, app:edited). */
  remoteModified: string;
  /**
   * draftHash (utils/publish/http.ts) of the title and content as the blog kept them after that
   * send: an edit on the blog in the same second leaves the stamp as it was, not this.
   */
  contentHash?: string;
}

/** The key of a blog: its kind and address (never its user or key). */
export function blogKey(config: BlogConfig): string {
  if (config.kind === 'wordpress') return `wordpress:${config.siteUrl.trim().replace(/\/+$/, '')}`;
  return `hatena:${config.endpoint.trim().replace(/\/+$/, '')}`;
}

/** 「接続を確認」: the blog's title (and that the key is accepted). */
export async function testBlog(config: BlogConfig, http: HttpOptions = {}): Promise<{ title: string }> {
  if (config.kind === 'hatena') return testHatena(config, http);
  const { title } = await testWordPress(config, http);
  return { title };
}

export interface SendRequest {
  config: BlogConfig;
  /** The entry's title: the board's title. */
  title: string;
  /** The outline, title separate (headings from ##). */
  markdown: string;
  /** WordPress tags (existing ones only) or Hatena categories, by name. */
  tags?: string[];
  /** What this board sent to this blog before, if anything. */
  last?: RememberedDraft;
  overwrite?: boolean;
  /** Make a new draft even though one is remembered (the old one was deleted on the blog). */
  createNew?: boolean;
  now?: number;
}

export async function sendDraft(req: SendRequest, http: HttpOptions = {}): Promise<RememberedDraft> {
  const { config, title, markdown, tags = [], last, overwrite = false, createNew = false } = req;
  const update =
    last && !createNew
      ? { id: last.remoteId, modified: last.remoteModified, contentHash: last.contentHash }
      : undefined;
  let remote: { id: string; editUrl: string; modified: string; contentHash: string };
  if (config.kind === 'hatena') {
    const entry = { title, markdown, categories: tags };
    remote = update
      ? await updateHatenaDraft(config, update, entry, { overwrite }, http)
      : await createHatenaDraft(config, entry, http);
  } else {
    const root = await findRestRoot(config.siteUrl, config, http);
    const found = tags.length ? await findExistingTags(config, root, tags, http) : [];
    const post = {
      title: wordPressTitle(title),
      content: outlineToBlocks(markdown),
      tags: found.map((t) => t.id),
    };
    remote = update
      ? await updateDraft(config, root, update, post, { overwrite }, http)
      : await createDraft(config, root, post, http);
  }
  return {
    remoteId: remote.id,
    editUrl: remote.editUrl,
    sentAt: req.now ?? Date.now(),
    remoteModified: remote.modified,
    contentHash: remote.contentHash,
  };
}

export { hatenaEndpoint };

/** The origin pattern a blog's host permission is asked for (`https://blog.hatena.ne.jp/*`). */
export function blogOriginPattern(
  config: Pick<WordPressConfig, 'kind' | 'siteUrl'> | Pick<HatenaConfig, 'kind' | 'endpoint'>,
): string {
  const { protocol, hostname } = new URL(config.kind === 'wordpress' ? config.siteUrl : config.endpoint);
  // Match patterns take no port: a pattern matches every port of the host.
  return `${protocol}//${hostname}/*`;
}
