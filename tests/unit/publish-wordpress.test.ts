import { afterEach, describe, expect, it } from 'vitest';
import { PublishError } from '@/utils/publish/http';
import {
  createDraft,
  editorUrl,
  findExistingTags,
  findRestRoot,
  restUrl,
  testWordPress,
  updateDraft,
  type WordPressConfig,
} from '@/utils/publish/wordpress';
import { startWordPressDouble, type WordPressDouble } from '../servers/wordpress-rest';

/**
 * The WordPress client against a local stand-in of the REST API (tests/servers/wordpress-rest.ts):
 * discovery in both permalink styles, the connection test, tags, create, update with its checks,
 * and every failure as a code a person can act on — with the password in no message.
 */

const PASSWORD = 'abcd efgh ijkl mnop qrst uvwx';
let server: WordPressDouble | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const configFor = (url: string, applicationPassword = PASSWORD): WordPressConfig => ({
  kind: 'wordpress',
  siteUrl: url,
  username: 'editor',
  applicationPassword,
});

async function failureOf(promise: Promise<unknown>): Promise<PublishError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PublishError);
    const e = error as PublishError;
    // No secret in what a person or a log would see.
    for (const text of [e.message, JSON.stringify(e), String(e.stack)]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(PASSWORD.replace(/\s+/g, ''));
      expect(text).not.toContain('Basic ');
    }
    return e;
  }
  throw new Error('expected a failure');
}

describe('REST root', () => {
  it('finds /wp-json/ on a site with pretty permalinks, and reads its title', async () => {
    server = await startWordPressDouble();
    const root = await findRestRoot(`${server.url}/`);
    expect(root).toEqual({ siteUrl: server.url, style: 'pretty', name: 'テスト & ブログ' });
    expect(restUrl(root, '/wp/v2/tags', { search: 'a b' })).toBe(
      `${server.url}/wp-json/wp/v2/tags?search=a+b`,
    );
  });

  it('falls back to ?rest_route= on a site without pretty permalinks (php -S)', async () => {
    server = await startWordPressDouble({ style: 'query' });
    const root = await findRestRoot(server.url);
    expect(root.style).toBe('query');
    expect(restUrl(root, '/wp/v2/posts/7', { context: 'edit' })).toBe(
      `${server.url}/?rest_route=%2Fwp%2Fv2%2Fposts%2F7&context=edit`,
    );
  });

  it('says the REST API is off when the site answers without it', async () => {
    server = await startWordPressDouble({ style: 'none' });
    expect((await failureOf(findRestRoot(server.url))).code).toBe('noRestApi');
  });

  it('refuses plain http to another computer and addresses with credentials', async () => {
    expect((await failureOf(findRestRoot('http://blog.example'))).code).toBe('insecure');
    expect((await failureOf(findRestRoot('https://user:pw@blog.example'))).code).toBe('invalidUrl');
    expect((await failureOf(findRestRoot('not a url'))).code).toBe('invalidUrl');
  });

  it('says unreachable when nothing listens, timeout when the site is too slow, offline when offline', async () => {
    server = await startWordPressDouble({ delayMs: 500 });
    expect((await failureOf(findRestRoot(server.url, undefined, { timeoutMs: 50 }))).code).toBe('timeout');
    const url = server.url;
    await server.stop();
    server = undefined;
    expect((await failureOf(findRestRoot(url))).code).toBe('unreachable');
    expect((await failureOf(findRestRoot(url, undefined, { online: () => false }))).code).toBe('offline');
  });

  it('names the certificate (or the address) when an https site cannot be reached', async () => {
    // Nothing listens on this port of this computer: over https, the browser cannot tell this from a bad certificate.
    expect((await failureOf(findRestRoot('https://127.0.0.1:1'))).code).toBe('certificate');
  });
});

describe('connection test', () => {
  it('reads the title and the user with the application password', async () => {
    server = await startWordPressDouble();
    const result = await testWordPress(configFor(server.url));
    expect(result.title).toBe('テスト & ブログ');
    expect(result.user).toBe('Editor & Co');
    expect(server.requests.every((r) => r.authorization?.startsWith('Basic '))).toBe(true);
  });

  it('says the key is wrong on a 401, without the key in the message', async () => {
    server = await startWordPressDouble();
    const error = await failureOf(testWordPress(configFor(server.url, 'wrong pass word')));
    expect(error.code).toBe('unauthorized');
    expect(error.detail.status).toBe(401);
  });
});

describe('drafts', () => {
  it('creates a draft with its tags, then updates the same post', async () => {
    server = await startWordPressDouble();
    const config = configFor(server.url);
    const root = await findRestRoot(server.url, config);
    const tags = await findExistingTags(config, root, ['saas', 'Q&A', '存在しないタグ', 'saas', '']);
    expect(tags).toEqual([
      { id: 3, name: 'SaaS' },
      { id: 5, name: 'Q&A' },
    ]);
    const first = await createDraft(config, root, {
      title: '比較',
      content: '<!-- wp:paragraph -->\n<p>1</p>\n<!-- /wp:paragraph -->',
      tags: tags.map((t) => t.id),
    });
    expect(first.editUrl).toBe(editorUrl(root, first.id));
    expect(first.editUrl).toBe(`${server.url}/wp-admin/post.php?post=${first.id}&action=edit`);
    const post = server.posts.get(Number(first.id))!;
    expect(post).toMatchObject({ status: 'draft', title: '比較', tags: [3, 5] });

    const second = await updateDraft(config, root, first, { title: '比較 2', content: 'x' });
    expect(second.id).toBe(first.id);
    expect(second.modified).not.toBe(first.modified);
    expect(server.posts.size).toBe(1);
    expect(server.posts.get(Number(first.id))).toMatchObject({ title: '比較 2', status: 'draft' });
    // No tag was created: the client never posts to tags.
    expect(server.requests.filter((r) => r.method !== 'GET' && r.url.includes('tags'))).toEqual([]);
  });

  it('asks before overwriting a draft changed on the blog, and overwrites when told', async () => {
    server = await startWordPressDouble({ style: 'query' });
    const config = configFor(server.url);
    const root = await findRestRoot(server.url, config);
    const first = await createDraft(config, root, { title: 't', content: 'a' });
    server.touch(Number(first.id), { content: 'edited on the blog' });
    expect((await failureOf(updateDraft(config, root, first, { title: 't', content: 'b' }))).code).toBe(
      'changedOnBlog',
    );
    expect(server.posts.get(Number(first.id))!.content).toBe('edited on the blog');
    await updateDraft(config, root, first, { title: 't', content: 'b' }, { overwrite: true });
    expect(server.posts.get(Number(first.id))!.content).toBe('b');
  });

  it('notices an edit on the blog within the second of the send (modified_gmt unchanged) by the content hash', async () => {
    server = await startWordPressDouble({ style: 'query' });
    const config = configFor(server.url);
    const root = await findRestRoot(server.url, config);
    const first = await createDraft(config, root, { title: 't', content: 'a' });
    expect(first.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const post = server.posts.get(Number(first.id))!;
    // Edited in the block editor in the same second: modified_gmt (to the second) reads as it was.
    post.content = 'ブログで同じ秒に書き足した';
    expect(post.modified_gmt).toBe(first.modified);
    expect((await failureOf(updateDraft(config, root, first, { title: 't', content: 'b' }))).code).toBe(
      'changedOnBlog',
    );
    expect(post.content).toBe('ブログで同じ秒に書き足した');
    post.content = 'a';
    post.title = 'ブログで変えた題';
    expect((await failureOf(updateDraft(config, root, first, { title: 't', content: 'b' }))).code).toBe(
      'changedOnBlog',
    );
    post.title = 't';
    const second = await updateDraft(config, root, first, { title: 't', content: 'b' });
    expect(post.content).toBe('b');
    expect(second.contentHash).not.toBe(first.contentHash);
    // A draft remembered before hashes were kept is compared by its stamp alone.
    post.content = '同じ秒の編集';
    const { contentHash: _, ...withoutHash } = second;
    await updateDraft(config, root, withoutHash, { title: 't', content: 'c' });
    expect(post.content).toBe('c');
  });

  it.each(['publish', 'future', 'private', 'pending'])(
    'never overwrites a post that is %s now',
    async (status) => {
      server = await startWordPressDouble();
      const config = configFor(server.url);
      const root = await findRestRoot(server.url, config);
      const first = await createDraft(config, root, { title: 't', content: 'a' });
      server.touch(Number(first.id), { status });
      const error = await failureOf(
        updateDraft(config, root, first, { title: 't', content: 'b' }, { overwrite: true }),
      );
      expect(error.code).toBe('notDraft');
      expect(error.detail.remoteStatus).toBe(status);
      expect(server.posts.get(Number(first.id))).toMatchObject({ status, content: 'a' });
    },
  );

  it('says the draft was deleted (404) or trashed, so a new one can be offered', async () => {
    server = await startWordPressDouble();
    const config = configFor(server.url);
    const root = await findRestRoot(server.url, config);
    const first = await createDraft(config, root, { title: 't', content: 'a' });
    server.touch(Number(first.id), { status: 'trash' });
    expect((await failureOf(updateDraft(config, root, first, { title: 't', content: 'b' }))).code).toBe(
      'deleted',
    );
    server.posts.clear();
    expect((await failureOf(updateDraft(config, root, first, { title: 't', content: 'b' }))).code).toBe(
      'deleted',
    );
    expect(server.posts.size).toBe(0);
  });

  it('creates nothing with a wrong password', async () => {
    server = await startWordPressDouble();
    const root = await findRestRoot(server.url);
    const error = await failureOf(
      createDraft(configFor(server.url, 'nope'), root, { title: 't', content: 'a' }),
    );
    expect(error.code).toBe('unauthorized');
    expect(server.posts.size).toBe(0);
  });
});
