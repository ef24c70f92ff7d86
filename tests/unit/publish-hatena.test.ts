// @vitest-environment jsdom
import { createHash } from 'node:crypto';
import { JSDOM } from 'jsdom';
import { afterEach, describe, expect, it } from 'vitest';
import { renderOutline } from '@/utils/outline';
import {
  APP_NS,
  ATOM_NS,
  createHatenaDraft,
  entryXml,
  type HatenaConfig,
  hatenaEditorUrl,
  hatenaEndpoint,
  testHatena,
  updateHatenaDraft,
  wsseHeader,
} from '@/utils/publish/hatena';
import { PublishError } from '@/utils/publish/http';
import { hostileBoard } from '../fixtures/outline/boards';
import { type HatenaDouble, startHatenaDouble } from '../servers/hatena-atompub';

/**
 * The Hatena Blog client against the AtomPub test double (tests/servers/hatena-atompub.ts, which
 * follows Hatena's documentation): WSSE and Basic, the service document's title, create, update of
 * the same entry, the checks before an update, and what Kurabe sends parsed back as XML.
 */

let server: HatenaDouble | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const configOf = (s: HatenaDouble, apiKey = s.apiKey, auth: 'wsse' | 'basic' = 'wsse'): HatenaConfig => ({
  kind: 'hatena',
  hatenaId: s.hatenaId,
  endpoint: s.endpoint,
  apiKey,
  auth,
});

async function failureOf(promise: Promise<unknown>, secret: string): Promise<PublishError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PublishError);
    const e = error as PublishError;
    for (const text of [e.message, JSON.stringify(e), String(e.stack)]) expect(text).not.toContain(secret);
    return e;
  }
  throw new Error('expected a failure');
}

/** What Kurabe sent, read as an XML document by a parser that knows namespaces. */
function sentEntry(body: string) {
  const doc = new new JSDOM('').window.DOMParser().parseFromString(body, 'application/xml');
  expect(doc.getElementsByTagName('parsererror').length).toBe(0);
  const entry = doc.documentElement;
  expect(entry.namespaceURI).toBe(ATOM_NS);
  expect(entry.localName).toBe('entry');
  const control = entry.getElementsByTagNameNS(APP_NS, 'control');
  expect(control.length).toBe(1);
  const drafts = control[0]!.getElementsByTagNameNS(APP_NS, 'draft');
  return {
    title: entry.getElementsByTagNameNS(ATOM_NS, 'title')[0]?.textContent,
    content: entry.getElementsByTagNameNS(ATOM_NS, 'content')[0],
    categories: Array.from(entry.getElementsByTagNameNS(ATOM_NS, 'category'), (c) => c.getAttribute('term')),
    draft: Array.from(drafts, (d) => d.textContent),
    updated: entry.getElementsByTagNameNS(ATOM_NS, 'updated').length,
  };
}

describe('entry and WSSE', () => {
  it('writes a draft entry whose text survives any page text, Japanese and hostile quotes included', () => {
    const markdown = renderOutline(hostileBoard(), { titleSeparate: true });
    const clean = '比較 <script>alert(1)</script> & "quotes" \'s ]]> <!-- -->';
    // Characters XML 1.0 cannot hold are dropped (a parser would refuse the whole entry).
    const title = `${clean}\u0000\u0008`;
    const xml = entryXml({ title, markdown, categories: ['営業', 'a"b<c>&', '営業', ''] });
    const sent = sentEntry(xml);
    expect(sent.title).toBe(clean);
    expect(sent.content?.getAttribute('type')).toBe('text/x-markdown');
    expect(sent.content?.textContent).toBe(markdown);
    expect(sent.categories).toEqual(['営業', 'a"b<c>&']);
    expect(sent.draft).toEqual(['yes']);
    // No post date: Hatena reads `updated` as one.
    expect(sent.updated).toBe(0);
  });

  it('computes the documented PasswordDigest: Base64(SHA1(nonce + created + API key))', async () => {
    const nonce = new Uint8Array(20).map((_, i) => i * 7);
    const header = await wsseHeader('hatena', 'apikey123', new Date('2005-01-18T03:20:15.123Z'), nonce);
    const expected = createHash('sha1')
      .update(Buffer.concat([Buffer.from(nonce), Buffer.from('2005-01-18T03:20:15Zapikey123')]))
      .digest('base64');
    expect(header).toBe(
      `UsernameToken Username="hatena", PasswordDigest="${expected}", Nonce="${Buffer.from(nonce).toString('base64')}", Created="2005-01-18T03:20:15Z"`,
    );
  });

  it('builds the root endpoint from the はてなID and ブログID, or takes the one pasted from the settings', () => {
    expect(hatenaEndpoint('kurabe', 'Kurabe.hatenablog.com')).toBe(
      'https://blog.hatena.ne.jp/kurabe/kurabe.hatenablog.com/atom',
    );
    expect(hatenaEndpoint('kurabe', 'https://blog.hatena.ne.jp/kurabe/kurabe.hatenablog.com/atom/')).toBe(
      'https://blog.hatena.ne.jp/kurabe/kurabe.hatenablog.com/atom',
    );
    for (const [id, blog] of [
      ['ka', 'x.hatenablog.com'],
      ['kurabe', 'a/b'],
      ['kurabe', 'http://evil.example/atom'],
    ])
      expect(() => hatenaEndpoint(id!, blog!)).toThrow(PublishError);
    expect(
      hatenaEditorUrl(
        'https://blog.hatena.ne.jp/k/k.hatenablog.com/atom',
        'https://blog.hatena.ne.jp/k/k.hatenablog.com/atom/entry/123',
      ),
    ).toBe('https://blog.hatena.ne.jp/k/k.hatenablog.com/edit?entry=123');
  });
});

describe('against the AtomPub test double', () => {
  it.each(['wsse', 'basic'] as const)('reads the blog title with %s authentication', async (auth) => {
    server = await startHatenaDouble();
    expect(await testHatena(configOf(server, server.apiKey, auth))).toEqual({
      title: '比べて書くブログ & Co <test>',
    });
    const headers = server.received[0]!.headers;
    if (auth === 'wsse')
      expect(headers['x-wsse']).toMatch(/^UsernameToken Username="kurabe-writer", PasswordDigest="/);
    else expect(headers.authorization).toMatch(/^Basic /);
  });

  it('says the key is wrong (401) or the blog unknown (404), with the key in no message', async () => {
    server = await startHatenaDouble();
    expect((await failureOf(testHatena(configOf(server, 'wrong-key')), 'wrong-key')).code).toBe(
      'unauthorized',
    );
    expect((await failureOf(testHatena(configOf(server, 'wrong-key', 'basic')), 'wrong-key')).code).toBe(
      'unauthorized',
    );
    const elsewhere = {
      ...configOf(server),
      endpoint: `${server.origin}/kurabe-writer/other.hatenablog.com/atom`,
    };
    expect((await failureOf(testHatena(elsewhere), server.apiKey)).code).toBe('notFound');
  });

  it('creates a draft, then updates the same entry, always as a draft', async () => {
    server = await startHatenaDouble();
    const config = configOf(server);
    const markdown = renderOutline(hostileBoard(), { titleSeparate: true });
    const first = await createHatenaDraft(config, { title: '比較 & <b>', markdown, categories: ['営業'] });
    expect(server.entries.size).toBe(1);
    const [stored] = [...server.entries.values()];
    expect(stored).toMatchObject({
      title: '比較 & <b>',
      content: markdown,
      contentType: 'text/x-markdown',
      draft: true,
      categories: ['営業'],
    });
    expect(first.id).toBe(`${server.endpoint}/entry/${stored!.id}`);
    expect(first.editUrl).toBe(
      `${server.origin}/kurabe-writer/kurabe-writer.hatenablog.com/edit?entry=${stored!.id}`,
    );
    expect(first.modified).toBe(stored!.edited);

    const second = await updateHatenaDraft(config, first, {
      title: '比較 2',
      markdown: '## 新しい',
      categories: [],
    });
    expect(second.id).toBe(first.id);
    expect(second.modified).not.toBe(first.modified);
    expect(server.entries.size).toBe(1);
    expect(stored).toMatchObject({ title: '比較 2', content: '## 新しい', draft: true });
    const writes = server.received.filter((r) => r.method === 'POST' || r.method === 'PUT');
    expect(writes.map((w) => w.method)).toEqual(['POST', 'PUT']);
    // The update read the entry first.
    expect(server.received.at(-2)).toMatchObject({ method: 'GET' });
    for (const write of writes) expect(sentEntry(write.body).draft).toEqual(['yes']);
  });

  it('asks before overwriting an entry edited on the blog, refuses a published one, notices a deleted one', async () => {
    server = await startHatenaDouble();
    const config = configOf(server);
    const first = await createHatenaDraft(config, { title: 't', markdown: 'a' });
    const entryId = first.id.split('/').pop()!;
    server.editOnBlog(entryId, { content: 'edited on Hatena' });
    expect(
      (await failureOf(updateHatenaDraft(config, first, { title: 't', markdown: 'b' }), server.apiKey)).code,
    ).toBe('changedOnBlog');
    expect(server.entries.get(entryId)!.content).toBe('edited on Hatena');
    await updateHatenaDraft(config, first, { title: 't', markdown: 'b' }, { overwrite: true });
    expect(server.entries.get(entryId)!.content).toBe('b');

    server.editOnBlog(entryId, { draft: false });
    const published = await failureOf(
      updateHatenaDraft(config, first, { title: 't', markdown: 'c' }, { overwrite: true }),
      server.apiKey,
    );
    expect(published.code).toBe('notDraft');
    expect(server.entries.get(entryId)).toMatchObject({ content: 'b', draft: false });

    server.entries.clear();
    expect(
      (await failureOf(updateHatenaDraft(config, first, { title: 't', markdown: 'c' }), server.apiKey)).code,
    ).toBe('deleted');
    expect(server.entries.size).toBe(0);
  });

  it('notices an edit on the blog within the second of the send (app:edited unchanged) by the content hash', async () => {
    server = await startHatenaDouble();
    const config = configOf(server);
    const first = await createHatenaDraft(config, { title: 't', markdown: 'a' });
    expect(first.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const entry = server.entries.get(first.id.split('/').pop()!)!;
    // Edited on Hatena in the same second: app:edited (second resolution) reads as it was.
    const edited = entry.edited;
    entry.content = 'はてなで同じ秒に書き足した';
    expect(entry.edited).toBe(edited);
    expect(
      (await failureOf(updateHatenaDraft(config, first, { title: 't', markdown: 'b' }), server.apiKey)).code,
    ).toBe('changedOnBlog');
    expect(entry.content).toBe('はてなで同じ秒に書き足した');
    // A title changed alone is a change too.
    entry.content = 'a';
    entry.title = 'はてなで変えた題';
    expect(
      (await failureOf(updateHatenaDraft(config, first, { title: 't', markdown: 'b' }), server.apiKey)).code,
    ).toBe('changedOnBlog');
    // Back as Kurabe left it: the update goes through, and the next send compares with it.
    entry.title = 't';
    const second = await updateHatenaDraft(config, first, { title: 't', markdown: 'b' });
    expect(entry.content).toBe('b');
    expect(second.contentHash).not.toBe(first.contentHash);
    // A draft remembered before hashes were kept (no contentHash) is compared by its stamp alone.
    entry.content = '同じ秒の編集';
    const { contentHash: _, ...withoutHash } = second;
    await updateHatenaDraft(config, withoutHash, { title: 't', markdown: 'c' });
    expect(entry.content).toBe('c');
  });

  it('closes the window between the check and the update with If-Match where the blog gives an ETag', async () => {
    // Hatena documents no ETag (the double gives none by default): with one, the PUT carries it.
    server = await startHatenaDouble({ etags: true });
    const config = configOf(server);
    const first = await createHatenaDraft(config, { title: 't', markdown: 'a' });
    const entryId = first.id.split('/').pop()!;
    const blog = server;
    // An edit on the blog lands after Kurabe's check (GET) and before its PUT.
    const editBetween: typeof fetch = async (input, init) => {
      if (init?.method === 'PUT') blog.editOnBlog(entryId, { content: '確認と更新のあいだの編集' });
      return fetch(input, init);
    };
    const error = await failureOf(
      updateHatenaDraft(config, first, { title: 't', markdown: 'b' }, {}, { fetch: editBetween }),
      server.apiKey,
    );
    expect(error.code).toBe('changedOnBlog');
    expect(error.detail.status).toBe(412);
    expect(server.entries.get(entryId)!.content).toBe('確認と更新のあいだの編集');
    const put = server.received.filter((r) => r.method === 'PUT').at(-1)!;
    expect(put.headers['if-match']).toMatch(/^"\d+-v\d+"$/);

    // Without an ETag (what Hatena documents) nothing can hold the PUT: the window stays open.
    await server.stop();
    server = await startHatenaDouble();
    const plainConfig = configOf(server);
    const plain = await createHatenaDraft(plainConfig, { title: 't', markdown: 'a' });
    const plainId = plain.id.split('/').pop()!;
    const other = server;
    const editBetweenPlain: typeof fetch = async (input, init) => {
      if (init?.method === 'PUT') other.editOnBlog(plainId, { content: '確認と更新のあいだの編集' });
      return fetch(input, init);
    };
    await updateHatenaDraft(
      plainConfig,
      plain,
      { title: 't', markdown: 'b' },
      {},
      { fetch: editBetweenPlain },
    );
    expect(server.entries.get(plainId)!.content).toBe('b');
    expect(server.received.filter((r) => r.method === 'PUT').at(-1)!.headers['if-match']).toBeUndefined();
  });

  it('sends the key to no member URI outside the blog (a crafted board reference)', async () => {
    server = await startHatenaDouble();
    const config = configOf(server);
    for (const id of [
      'https://evil.example/atom/entry/1',
      `${server.origin}/other/blog/atom/entry/1`,
      'javascript:alert(1)',
    ]) {
      expect(
        (await failureOf(updateHatenaDraft(config, { id }, { title: 't', markdown: 'x' }), server.apiKey))
          .code,
      ).toBe('deleted');
    }
    expect(server.received).toEqual([]);
  });

  it('creates nothing with a wrong key', async () => {
    server = await startHatenaDouble();
    const error = await failureOf(
      createHatenaDraft(configOf(server, 'nope'), { title: 't', markdown: 'x' }),
      'nope',
    );
    expect(error.code).toBe('unauthorized');
    expect(server.entries.size).toBe(0);
  });
});
