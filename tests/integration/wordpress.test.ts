// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOutline } from '@/utils/outline';
import { outlineToBlocks } from '@/utils/publish/blocks';
import { type RememberedDraft, type SendRequest, sendDraft, testBlog } from '@/utils/publish/draft';
import { PublishError } from '@/utils/publish/http';
import { findRestRoot, type WordPressConfig } from '@/utils/publish/wordpress';
import { routeSalesBoard } from '../fixtures/outline/boards';
import { startWordPress, type WordPressServer } from '../servers/wordpress';

/**
 * Kurabe's WordPress client (utils/publish) against a real WordPress: Debian's WordPress 6.1 on
 * MariaDB, served by `php -S` (tests/servers/wordpress.ts), with an application password over
 * plain http on localhost (WP_ENVIRONMENT_TYPE local). Each check reads the site back through
 * its REST API as the administrator (context=edit: the raw title, blocks and tags), or through
 * WordPress's own PHP (parse_blocks) where the API says less.
 */

let wp: WordPressServer;
beforeAll(async () => {
  // Plain permalinks first: the REST API only at ?rest_route= (as under php -S with no router).
  wp = await startWordPress({
    pretty: false,
    title: 'Kurabe & “比べる” テスト',
    tags: ['比較', 'SaaS', '営業'],
  });
}, 120_000);
afterAll(() => wp?.stop());

const config = (applicationPassword = wp.admin.applicationPassword): WordPressConfig => ({
  kind: 'wordpress',
  siteUrl: wp.url,
  username: wp.admin.username,
  applicationPassword,
});

const board = routeSalesBoard();
const markdown = renderOutline(board, { titleSeparate: true });
const send = (fields: Partial<SendRequest> = {}) =>
  sendDraft({ config: config(), title: board.board.title, markdown, tags: ['比較', 'saas'], ...fields });

interface Post {
  id: number;
  status: string;
  title: { raw: string };
  content: { raw: string };
  tags: number[];
  modified_gmt: string;
}

/** The admin's request to the site's REST API. */
async function api(route: string, init: RequestInit & { query?: Record<string, string> } = {}) {
  const { query, ...rest } = init;
  return fetch(wp.rest(route, query), {
    ...rest,
    headers: { Authorization: wp.authorization(), 'Content-Type': 'application/json' },
  });
}

async function readPost(id: string | number): Promise<Post> {
  const res = await api(`/wp/v2/posts/${id}`, { query: { context: 'edit' } });
  expect(res.status).toBe(200);
  return (await res.json()) as Post;
}

/** Every post on the site, whatever its status (the trash included). */
async function allPostIds(): Promise<number[]> {
  return wp.php<number[]>(
    "return array_map('intval', get_posts(['post_type' => 'post', 'post_status' => 'any,trash', 'numberposts' => -1, 'fields' => 'ids']));",
  );
}

const siteTags = () =>
  wp.php<string[]>(
    "return wp_list_pluck(get_terms(['taxonomy' => 'post_tag', 'hide_empty' => false]), 'name');",
  );

async function failure(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

/** Block names as WordPress's own parser reads the post (null: text outside any block). */
async function parsedBlockNames(id: string): Promise<string[]> {
  return wp.php<string[]>(`
    $names = [];
    $walk = function ($blocks) use (&$walk, &$names) {
      foreach ($blocks as $block) {
        if ($block['blockName'] === null && trim($block['innerHTML']) === '') continue;
        $names[] = $block['blockName'] ?? 'freeform';
        $walk($block['innerBlocks']);
      }
    };
    $walk(parse_blocks(get_post(${Number(id)})->post_content));
    return $names;`);
}

/**
 * WordPress keeps a post's modified time to the second: a change on the blog in the same second as
 * Kurabe's send would carry the same stamp. A person's edit comes later; the test waits for the
 * next second the same way.
 */
async function nextSecond(after: string) {
  while (new Date().toISOString().slice(0, 19) <= after) await new Promise((r) => setTimeout(r, 100));
}

describe('WordPress 6.1 (Debian) under php -S', () => {
  it('the connection test reads the site title, with either kind of permalinks', async () => {
    expect(await testBlog(config())).toEqual({ title: 'Kurabe & “比べる” テスト' });
    expect((await findRestRoot(wp.url, config())).style).toBe('query');
    await wp.setPrettyPermalinks(true);
    try {
      expect((await findRestRoot(`${wp.url}/`, config())).style).toBe('pretty');
      expect(await testBlog(config())).toEqual({ title: 'Kurabe & “比べる” テスト' });
    } finally {
      await wp.setPrettyPermalinks(false);
    }
  });

  it('sends a board as a draft: its title, the blocks as sent, only existing tags; sending again updates the same post', async () => {
    const before = await allPostIds();
    const tagsBefore = await siteTags();
    const sent = await send({ tags: ['比較', 'saas', 'まだ無いタグ'] });
    expect(sent.editUrl).toBe(`${wp.url}/wp-admin/post.php?post=${sent.remoteId}&action=edit`);
    const post = await readPost(sent.remoteId);
    expect(post.status).toBe('draft');
    expect(post.title.raw).toBe('ルート営業 vs 営業一般');
    expect(post.content.raw).toBe(outlineToBlocks(markdown));
    expect(post.modified_gmt).toBe(sent.remoteModified);
    // The two tags the site has (matched whatever their case), and none created.
    const byName = Object.fromEntries(wp.tags.map((t) => [t.name, t.id]));
    expect([...post.tags].sort()).toEqual([byName.比較, byName.SaaS].sort());
    expect((await siteTags()).sort()).toEqual(tagsBefore.sort());
    expect(await allPostIds()).toEqual(expect.arrayContaining([...before, Number(sent.remoteId)]));
    expect((await allPostIds()).length).toBe(before.length + 1);
    // WordPress reads the content as blocks: the outline's kinds, and no text outside a block.
    const names = await parsedBlockNames(sent.remoteId);
    for (const name of [
      'core/heading',
      'core/paragraph',
      'core/list',
      'core/list-item',
      'core/quote',
      'core/table',
    ])
      expect(names).toContain(name);
    expect(names).not.toContain('freeform');

    // The board changes; the same draft is updated, no second post.
    const changed = renderOutline(
      { ...board, board: { ...board.board, title: 'ルート営業 vs 営業一般（改訂）' } },
      { titleSeparate: true },
    );
    const again = await send({ title: 'ルート営業 vs 営業一般（改訂）', markdown: changed, last: sent });
    expect(again.remoteId).toBe(sent.remoteId);
    const updated = await readPost(sent.remoteId);
    expect(updated).toMatchObject({ status: 'draft', title: { raw: 'ルート営業 vs 営業一般（改訂）' } });
    expect(updated.content.raw).toBe(outlineToBlocks(changed));
    expect(again.remoteModified).toBe(updated.modified_gmt);
    expect((await allPostIds()).length).toBe(before.length + 1);
  });

  it('a wrong application password: unauthorized, said without the password, nothing created', async () => {
    const before = await allPostIds();
    const wrong = 'abcd EFGH ijkl MNOP qrst UVWX';
    const error = await failure(send({ config: config(wrong) }));
    expect(error.code).toBe('unauthorized');
    expect(error.detail.status).toBe(401);
    for (const text of [error.message, String(error.stack), JSON.stringify(error)]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(wrong.replace(/ /g, ''));
      expect(text).not.toContain(wp.admin.applicationPassword);
    }
    expect(await failure(testBlog(config(wrong)))).toMatchObject({ code: 'unauthorized' });
    expect(await allPostIds()).toEqual(before);
  });

  it('a draft published on the blog meanwhile is never overwritten', async () => {
    const sent = await send();
    const published = await api(`/wp/v2/posts/${sent.remoteId}`, {
      method: 'POST',
      body: JSON.stringify({ status: 'publish' }),
    });
    expect(published.status).toBe(200);
    const before = await readPost(sent.remoteId);
    const error = await failure(send({ markdown: `${markdown}\n\n追記`, last: sent }));
    expect(error.code).toBe('notDraft');
    expect(error.detail.remoteStatus).toBe('publish');
    expect(error.message).toContain('publish');
    // Not even when the person says to overwrite changes.
    expect(
      await failure(send({ markdown: `${markdown}\n\n追記`, last: sent, overwrite: true })),
    ).toMatchObject({
      code: 'notDraft',
    });
    const after = await readPost(sent.remoteId);
    expect(after).toMatchObject({ status: 'publish', modified_gmt: before.modified_gmt });
    expect(after.content.raw).toBe(before.content.raw);
  });

  it('a draft changed on the blog since the last send is reported, and overwritten only when asked', async () => {
    const sent = await send();
    await nextSecond(sent.remoteModified);
    const edited = await api(`/wp/v2/posts/${sent.remoteId}`, {
      method: 'POST',
      body: JSON.stringify({
        content: '<!-- wp:paragraph -->\n<p>ブログで書き足した</p>\n<!-- /wp:paragraph -->',
      }),
    });
    expect(edited.status).toBe(200);
    const error = await failure(send({ last: sent }));
    expect(error.code).toBe('changedOnBlog');
    expect((await readPost(sent.remoteId)).content.raw).toContain('ブログで書き足した');

    const overwritten = await send({ last: sent, overwrite: true });
    expect(overwritten.remoteId).toBe(sent.remoteId);
    const post = await readPost(sent.remoteId);
    expect(post).toMatchObject({ status: 'draft' });
    expect(post.content.raw).toBe(outlineToBlocks(markdown));
  });

  it('an edit on the blog within the second of the send (modified_gmt unchanged) is reported, by the content hash', async () => {
    const sent = await send();
    expect(sent.contentHash).toMatch(/^[0-9a-f]{64}$/);
    // The raw content WordPress keeps hashes as the send remembered it: an untouched draft updates.
    const again = await send({ last: sent });
    expect(again.remoteId).toBe(sent.remoteId);
    // Changed in the same second as the send: the content only, the modified stamp left as it was
    // (as two saves within one second leave it).
    const before = await readPost(again.remoteId);
    await wp.php(`
      global $wpdb;
      $wpdb->update($wpdb->posts, ['post_content' => $wpdb->get_var($wpdb->prepare("SELECT post_content FROM $wpdb->posts WHERE ID = %d", ${Number(again.remoteId)})) . "\n<!-- wp:paragraph -->\n<p>同じ秒に書き足した</p>\n<!-- /wp:paragraph -->"], ['ID' => ${Number(again.remoteId)}]);
      clean_post_cache(${Number(again.remoteId)});
      return true;`);
    const edited = await readPost(again.remoteId);
    expect(edited.modified_gmt).toBe(before.modified_gmt);
    expect(edited.content.raw).toContain('同じ秒に書き足した');
    const error = await failure(send({ last: again }));
    expect(error.code).toBe('changedOnBlog');
    expect((await readPost(again.remoteId)).content.raw).toContain('同じ秒に書き足した');
  });

  it('a draft trashed or deleted on the blog is reported as deleted; a new one is made when asked', async () => {
    const sent: RememberedDraft = await send();
    const trashed = await api(`/wp/v2/posts/${sent.remoteId}`, { method: 'DELETE' });
    expect(trashed.status).toBe(200);
    expect((await readPost(sent.remoteId)).status).toBe('trash');
    const before = await allPostIds();
    expect((await failure(send({ last: sent }))).code).toBe('deleted');
    expect(await allPostIds()).toEqual(before);
    expect((await readPost(sent.remoteId)).status).toBe('trash');

    const fresh = await send({ last: sent, createNew: true });
    expect(fresh.remoteId).not.toBe(sent.remoteId);
    expect((await readPost(fresh.remoteId)).status).toBe('draft');

    // Deleted for good (emptied from the trash): the same answer.
    const gone = await api(`/wp/v2/posts/${fresh.remoteId}`, { method: 'DELETE', query: { force: 'true' } });
    expect(gone.status).toBe(200);
    expect((await failure(send({ last: fresh }))).code).toBe('deleted');
  });

  it('an author (no unfiltered HTML: WordPress filters what they send) gets the same blocks, as a draft', async () => {
    // Many writers post as an author, whose content goes through WordPress's HTML filter (kses).
    const author = await wp.php<{ password: string }>(`
      $id = wp_insert_user(['user_login' => 'kurabe-author', 'user_pass' => wp_generate_password(), 'user_email' => 'author@example.test', 'role' => 'author']);
      [$password] = WP_Application_Passwords::create_new_application_password($id, ['name' => 'Kurabe']);
      return ['password' => $password];`);
    const sent = await send({
      config: { ...config(author.password), username: 'kurabe-author' },
      tags: ['比較'],
    });
    const post = await readPost(sent.remoteId);
    expect(post.status).toBe('draft');
    expect(post.content.raw).toBe(outlineToBlocks(markdown));
    expect(post.tags).toEqual([wp.tags.find((t) => t.name === '比較')!.id]);
  });

  it('tags: a board whose tags the site does not have gets none, and none is created', async () => {
    const tagsBefore = await siteTags();
    const sent = await send({ tags: ['存在しない', 'Notion', '比較する'] });
    expect((await readPost(sent.remoteId)).tags).toEqual([]);
    expect((await siteTags()).sort()).toEqual(tagsBefore.sort());
  });
});
