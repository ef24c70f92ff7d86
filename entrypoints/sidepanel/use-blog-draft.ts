import { useEffect, useMemo, useState } from 'preact/hooks';
import type { DraftState } from '@/components/BlogDraftPanel';
import type { Board, Clip, Placement } from '@/utils/db';
import { getDB, rememberBlogDraft } from '@/utils/db';
import { sendDraft } from '@/utils/publish/draft';
import { PublishError } from '@/utils/publish/http';
import { findExistingTags, findRestRoot } from '@/utils/publish/wordpress';
import { blogConfig, useBlogs } from './use-blogs';

/** The origin pattern of a blog's address, for its host permission. */
function originOf(address: string): string | undefined {
  try {
    const { protocol, hostname } = new URL(address);
    return `${protocol}//${hostname}/*`;
  } catch {
    return undefined;
  }
}

/**
 * 「下書きとして送る」 from a board's export panel: the blog to send to, the tags (WordPress: the
 * board's clips' tags the site has; Hatena: categories from them), the send, and the questions a
 * send can end in (changed on the blog → overwrite?; deleted → a new one?). The board remembers
 * the draft per blog (rememberBlogDraft); a failure changes nothing, the outline and its copy
 * buttons stay as they are.
 */
export function useBlogDraft(
  board: Board | undefined,
  placements: readonly Placement[],
  clipsById: ReadonlyMap<string, Clip>,
  blogMarkdown: () => string,
  notifyOthers?: () => void,
) {
  const { blogs } = useBlogs();
  const [chosenKey, setChosenKey] = useState<string>();
  const blog = blogs.find((b) => b.key === chosenKey) ?? blogs[0];
  const [state, setState] = useState<DraftState>({ kind: 'idle' });
  const [siteTags, setSiteTags] = useState<string[]>();
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [sentHere, setSentHere] = useState<Record<string, number>>({});
  const boardId = board?.id;

  useEffect(() => {
    setState({ kind: 'idle' });
    setSiteTags(undefined);
    setPicked(new Set());
  }, [boardId, blog?.key]);

  /** The tags of the board's clips, most used first. */
  const clipTags = useMemo(() => {
    const counts = new Map<string, number>();
    for (const clipId of new Set(placements.map((p) => p.clipId)))
      for (const tag of clipsById.get(clipId)?.tags ?? []) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([tag]) => tag);
  }, [placements, clipsById]);

  /** Asks for the blog's origin inside the click (granted already: no prompt), before any await. */
  const askPermission = () => {
    const pattern = blog && originOf(blog.address);
    return pattern ? browser.permissions.request({ origins: [pattern] }) : Promise.resolve(false);
  };

  const failed = (error: unknown) => {
    const code = error instanceof PublishError ? error.code : 'unreachable';
    if (code === 'changedOnBlog' || code === 'deleted') setState({ kind: 'ask', question: code });
    else setState({ kind: 'failed', failure: code });
  };

  const send = (mode: 'normal' | 'overwrite' | 'createNew' = 'normal') => {
    if (!board || !blog) return;
    const asked = askPermission();
    const key = blog.key;
    setState({ kind: 'sending' });
    void (async () => {
      if (!(await asked)) throw new PublishError('permission');
      const config = await blogConfig(key);
      if (!config) throw new PublishError('permission');
      const db = await getDB();
      // What this board sent before, as stored now (another panel or device may have sent since).
      const last = (await db.get('boards', board.id))?.blogDrafts?.[key];
      const remembered = await sendDraft({
        config,
        title: board.title,
        markdown: blogMarkdown(),
        tags: [...picked],
        last,
        overwrite: mode === 'overwrite',
        createNew: mode === 'createNew',
      });
      await rememberBlogDraft(db, board.id, key, remembered);
      notifyOthers?.();
      setSentHere((sent) => ({ ...sent, [key]: remembered.sentAt }));
      setState({ kind: 'sent', created: !last || mode === 'createNew', editUrl: remembered.editUrl });
    })().catch(failed);
  };

  /** WordPress: which of the clips' tags the site has (it creates none). */
  const checkTags = () => {
    if (blog?.kind !== 'wordpress') return;
    const asked = askPermission();
    void (async () => {
      if (!(await asked)) throw new PublishError('permission');
      const config = await blogConfig(blog.key);
      if (config?.kind !== 'wordpress') throw new PublishError('permission');
      const root = await findRestRoot(config.siteUrl, config);
      const found = await findExistingTags(config, root, clipTags);
      setSiteTags(found.map((t) => t.name));
    })().catch(failed);
  };

  const lastSentAt = blog ? (sentHere[blog.key] ?? board?.blogDrafts?.[blog.key]?.sentAt) : undefined;
  return {
    blogs,
    blog,
    choose: setChosenKey,
    state,
    lastSentAt,
    /** The tags one can pick: the site's (WordPress, once checked) or the clips' (Hatena categories). */
    tags: blog?.kind === 'hatena' ? clipTags : siteTags,
    canCheckTags: blog?.kind === 'wordpress' && clipTags.length > 0,
    picked,
    toggleTag: (tag: string) =>
      setPicked((current) => {
        const next = new Set(current);
        if (!next.delete(tag)) next.add(tag);
        return next;
      }),
    send,
    checkTags,
    dismiss: () => setState({ kind: 'idle' }),
  };
}
