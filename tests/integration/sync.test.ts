// @vitest-environment jsdom
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveBodyFromHtml } from '@/utils/backup';
import { restoreFromStream } from '@/utils/backup/restore';
import { clipIdForUrl } from '@/utils/clip-id';
import {
  changeBoard,
  changeClipNotes,
  emptyTrash,
  getBody,
  type KurabeDatabase,
  LEAD_LENGTH,
  openKurabeDB,
  saveBoard,
  saveClip,
  trashClip,
} from '@/utils/db';
import { dismissOtherVersion, listOtherVersions, syncOnce } from '@/utils/sync/mirror';
import type { PouchDatabase } from '@/utils/sync/pouch';
import { runSync, type SyncConfig, type SyncStatus } from '@/utils/sync/runner';
import { classifySyncError } from '@/utils/sync/status';
import { fixtureBytes, streamOf } from '../helpers/backup';
import {
  basicAuth,
  type CouchServer,
  freshDatabaseName,
  startCouchServer,
  startProxy,
} from '../helpers/couch-server';
import { makePage } from '../helpers/pages';
import { localPouch, nodePouch } from '../helpers/pouch-node';

let server: CouchServer;
beforeAll(async () => {
  server = await startCouchServer();
}, 30_000);
afterAll(() => server?.stop());

interface Device {
  db: KurabeDatabase;
  local: PouchDatabase;
}

const device = async (): Promise<Device> => ({
  db: await openKurabeDB(new IDBFactory()),
  local: localPouch(),
});
const derive = (html: string) => deriveBodyFromHtml(html);

/** A database of its own on the server, created by the admin. */
async function freshDatabase(base = server.url): Promise<string> {
  const name = freshDatabaseName();
  const res = await fetch(`${server.url}/${name}`, {
    method: 'PUT',
    headers: { Authorization: basicAuth(server.admin) },
  });
  expect(res.status).toBe(201);
  return `${base}/${name}`;
}

const remote = (url: string, auth = server.admin) => nodePouch(url, { skip_setup: true, auth });
const sync = (d: Device, url: string) => syncOnce(d.db, d.local, remote(url), derive);
const page = (n: string, extra = {}) =>
  makePage({
    url: `https://news.example/${n}`,
    originalUrl: `https://news.example/${n}?utm_source=x`,
    title: `記事 ${n}`,
    html: `<p>本文 ${n}</p>`,
    text: `本文 ${n}`,
    ...extra,
  });

describe('sync through a CouchDB-protocol server (pouchdb-server)', () => {
  it('a clip made on A appears on B with its article, quote and board', async () => {
    const url = await freshDatabase();
    const [a, b] = [await device(), await device()];
    const { clip, quoteIds } = await saveClip(a.db, page('1'), {
      quotes: [{ text: '本文', context: '本文 1' }],
    });
    await changeClipNotes(a.db, clip.id, () => ({ note: 'Aのメモ', tags: ['営業'] }));
    await saveBoard(a.db, {
      id: 'b1',
      title: '比較',
      subjects: [{ id: 's1', name: 'X' }],
      aspects: [{ id: 'a1', name: '価格' }],
      cellNotes: { a1: { s1: '安い' } },
      order: 'a0',
      updatedAt: Date.now(),
    });
    await sync(a, url);
    const result = await sync(b, url);
    expect(result.imported.rejected).toEqual([]);
    expect(await b.db.get('clips', clip.id)).toMatchObject({
      title: '記事 1',
      note: 'Aのメモ',
      tags: ['営業'],
    });
    // The lead is rebuilt on B from the article's text (it does not travel: version 9 keeps it apart).
    expect(await b.db.get('leads', clip.id)).toEqual({ id: clip.id, lead: '本文 1' });
    expect(await getBody(b.db, clip.id)).toEqual({ id: clip.id, html: '<p>本文 1</p>', text: '本文 1' });
    expect(await b.db.get('quotes', quoteIds[0]!)).toMatchObject({ clipId: clip.id, text: '本文' });
    expect((await b.db.get('boards', 'b1'))?.cellNotes).toEqual({ a1: { s1: '安い' } });
    // A second sync with nothing new changes nothing either way.
    expect((await sync(b, url)).exported).toMatchObject({ written: 0, deleted: 0 });
    expect((await sync(a, url)).imported.applied).toBe(0);
  });

  it('a cell note edited on B reaches A', async () => {
    const url = await freshDatabase();
    const [a, b] = [await device(), await device()];
    await saveBoard(a.db, {
      id: 'b1',
      title: '比較',
      subjects: [{ id: 's1', name: 'X' }],
      aspects: [{ id: 'a1', name: '価格' }],
      cellNotes: {},
      order: 'a0',
      updatedAt: 1_800_000_000_000,
    });
    await sync(a, url);
    await sync(b, url);
    await changeBoard(b.db, 'b1', (board) => ({ ...board, cellNotes: { a1: { s1: 'Bが書いた' } } }));
    await sync(b, url);
    await sync(a, url);
    expect((await a.db.get('boards', 'b1'))?.cellNotes).toEqual({ a1: { s1: 'Bが書いた' } });
  });

  it('notes edited on both offline: the same winner on both, the other version offered on both, tags merged', async () => {
    const url = await freshDatabase();
    const [a, b] = [await device(), await device()];
    const { clip } = await saveClip(a.db, page('2'));
    await sync(a, url);
    await sync(b, url);
    await changeClipNotes(a.db, clip.id, () => ({ note: 'Aで書いた', tags: ['a'] }), 1_800_000_000_001);
    await changeClipNotes(b.db, clip.id, () => ({ note: 'Bで書いた', tags: ['b'] }), 1_800_000_000_002);
    await sync(a, url);
    await sync(b, url);
    await sync(a, url);
    await sync(b, url);
    const onA = (await a.db.get('clips', clip.id))!;
    const onB = (await b.db.get('clips', clip.id))!;
    expect(onA.note).toBe(onB.note);
    expect([...onA.tags].sort()).toEqual(['a', 'b']);
    expect(onB.tags).toEqual(onA.tags);
    const loser = onA.note === 'Aで書いた' ? 'Bで書いた' : 'Aで書いた';
    for (const d of [a, b]) {
      expect(await listOtherVersions(d.local)).toEqual([
        expect.objectContaining({ docId: `clip:${clip.id}`, field: 'note', text: loser }),
      ]);
    }
  });

  /** Two devices that changed one clip's note offline, synced: one winner, the other version offered on both. */
  async function conflictedNote(url: string) {
    const [a, b] = [await device(), await device()];
    const { clip } = await saveClip(a.db, page(`choice-${Math.random()}`));
    await sync(a, url);
    await sync(b, url);
    await changeClipNotes(a.db, clip.id, () => ({ note: 'Aの文' }), 1_800_000_000_001);
    await changeClipNotes(b.db, clip.id, () => ({ note: 'Bの文' }), 1_800_000_000_002);
    await sync(a, url);
    await sync(b, url);
    await sync(a, url);
    const [version] = await listOtherVersions(a.local);
    expect(await listOtherVersions(b.local)).toEqual([version]);
    return { a, b, clip, version: version! };
  }

  it('a merge chosen on A: the merged note and no other version left on both after the next sync', async () => {
    const url = await freshDatabase();
    const { a, b, clip, version } = await conflictedNote(url);
    const winner = (await a.db.get('clips', clip.id))!.note;
    const merged = `${winner}\n\n${version.text}`;
    // What the panel does for 統合する: the field saved, then the other version resolved.
    await changeClipNotes(a.db, clip.id, () => ({ note: merged }));
    await dismissOtherVersion(a.local, version);
    await sync(a, url);
    await sync(b, url);
    for (const d of [a, b]) {
      expect((await d.db.get('clips', clip.id))!.note).toBe(merged);
      expect(await listOtherVersions(d.local)).toEqual([]);
    }
    // And it stays resolved: more syncs bring the other version back nowhere.
    await sync(a, url);
    await sync(b, url);
    expect(await listOtherVersions(a.local)).toEqual([]);
    expect(await listOtherVersions(b.local)).toEqual([]);
  });

  it('keeping this version on B resolves it on A too, the note unchanged', async () => {
    const url = await freshDatabase();
    const { a, b, clip, version } = await conflictedNote(url);
    const winner = (await b.db.get('clips', clip.id))!.note;
    await dismissOtherVersion(b.local, version);
    await sync(b, url);
    await sync(a, url);
    for (const d of [a, b]) {
      expect((await d.db.get('clips', clip.id))!.note).toBe(winner);
      expect(await listOtherVersions(d.local)).toEqual([]);
    }
  });

  it('a restored backup of an older Kurabe (random ids) syncs as one document per page', async () => {
    const url = await freshDatabase();
    const [a, b] = [await device(), await device()];
    // B clipped one of the backup's pages itself (its id is the page's).
    await saveClip(
      b.db,
      page('x', { url: 'https://example.com/entry/1', originalUrl: 'https://example.com/entry/1' }),
    );
    // A restores valid.jsonl, a version 1 file whose clips are "c-route" and "c-docs".
    const restored = await restoreFromStream(a.db, streamOf(fixtureBytes('valid.jsonl')), {
      deriveBody: derive,
    });
    expect(restored.ok).toBe(true);
    const pageIds = ['https://docs.example.org/guide', 'https://example.com/entry/1']
      .map(clipIdForUrl)
      .sort();
    expect((await a.db.getAllKeys('clips')).sort()).toEqual(pageIds);
    await sync(a, url);
    await sync(b, url);
    await sync(a, url);
    const docs = await remote(url).allDocs({ startkey: 'clip:', endkey: 'clip:\uffff' });
    expect(docs.rows.map((row) => row.id)).toEqual(pageIds.map((id) => `clip:${id}`));
    for (const d of [a, b]) expect((await d.db.getAllKeys('clips')).sort()).toEqual(pageIds);
    // The quote and the placements followed their clip to its page's id, on both devices.
    expect((await b.db.getAll('placements')).map((p) => p.clipId).sort()).toEqual(
      (await a.db.getAll('placements')).map((p) => p.clipId).sort(),
    );
    for (const placement of await b.db.getAll('placements')) expect(pageIds).toContain(placement.clipId);
  });

  it("a clip document whose id is not its page's is refused", async () => {
    const url = await freshDatabase();
    const [a, b] = [await device(), await device()];
    const { clip } = await saveClip(a.db, page('wrong-id'));
    await sync(a, url);
    const server = remote(url);
    const { _id: _ignored, _rev, ...doc } = await server.get(`clip:${clip.id}`);
    const record = { ...(doc.record as object), id: 'c-random' };
    await server.put({ _id: 'clip:c-random', ...doc, record });
    const result = await sync(b, url);
    expect(result.imported.rejected.map((r) => r.id)).toEqual(['clip:c-random']);
    expect(await b.db.getAllKeys('clips')).toEqual([clip.id]);
  });

  it('a clip deleted for good on A while B edits it is not lost', async () => {
    const url = await freshDatabase();
    const [a, b] = [await device(), await device()];
    const { clip } = await saveClip(a.db, page('3'));
    await sync(a, url);
    await sync(b, url);
    await trashClip(a.db, clip.id);
    await emptyTrash(a.db);
    expect(await a.db.get('clips', clip.id)).toBeUndefined();
    await changeClipNotes(b.db, clip.id, () => ({ note: '消さないで' }));
    await sync(a, url);
    await sync(b, url);
    await sync(a, url);
    // An edit beats a deletion (CouchDB's winner is a live revision): the clip is back on A.
    expect(await a.db.get('clips', clip.id)).toMatchObject({ note: '消さないで' });
    expect(await b.db.get('clips', clip.id)).toMatchObject({ note: '消さないで' });
    expect((await getBody(a.db, clip.id)).html).toBe('<p>本文 3</p>');
    // Its lead came back with it, rebuilt from the article (version 9: apart from the record).
    expect(await a.db.get('leads', clip.id)).toEqual({ id: clip.id, lead: '本文 3' });
  });

  it('the lead follows its clip on the other device: a new text replaces it, a deletion takes it', async () => {
    const url = await freshDatabase();
    const [a, b] = [await device(), await device()];
    const { clip } = await saveClip(a.db, page('5'), { now: 1_800_000_000_000 });
    await sync(a, url);
    await sync(b, url);
    expect(await b.db.get('leads', clip.id)).toEqual({ id: clip.id, lead: '本文 5' });
    // Clipped again on A, with a longer article: B's lead is the new text's start.
    const text = `新しい本文 ${'と続き'.repeat(600)}`;
    await saveClip(a.db, page('5', { html: `<p>${text}</p>`, text }), { now: 1_800_000_001_000 });
    await sync(a, url);
    await sync(b, url);
    expect((await b.db.get('leads', clip.id))?.lead).toBe(text.slice(0, LEAD_LENGTH));
    // Deleted for good on A: gone from B with its lead.
    await trashClip(a.db, clip.id);
    await emptyTrash(a.db);
    await sync(a, url);
    await sync(b, url);
    expect(await b.db.get('clips', clip.id)).toBeUndefined();
    expect(await b.db.get('leads', clip.id)).toBeUndefined();
  });

  it('the same page clipped on both devices is one clip', async () => {
    const url = await freshDatabase();
    const [a, b] = [await device(), await device()];
    const onA = await saveClip(a.db, page('4'), { now: 1_800_000_000_000 });
    const onB = await saveClip(b.db, page('4', { originalUrl: 'https://news.example/4#top' }), {
      now: 1_800_000_000_500,
    });
    expect(onA.clip.id).toBe(onB.clip.id);
    await sync(a, url);
    await sync(b, url);
    await sync(a, url);
    for (const d of [a, b]) {
      expect(await d.db.getAll('clips')).toHaveLength(1);
      expect((await d.db.get('clips', clipIdForUrl('https://news.example/4')))?.clippedAt).toBe(
        (await b.db.get('clips', onA.clip.id))?.clippedAt,
      );
    }
    const server = remote(url);
    expect((await server.allDocs({ startkey: 'clip:', endkey: 'clip:\uffff' })).rows).toHaveLength(1);
  });

  it('a document that breaks the backup rules is refused; an article is sanitized', async () => {
    const url = await freshDatabase();
    const b = await device();
    const id = clipIdForUrl('https://evil.example/');
    const clip = {
      id,
      normalizedUrl: 'https://evil.example/',
      url: 'javascript:alert(1)',
      title: 't',
      byline: '',
      siteName: '',
      lang: 'en',
      publishedTime: '',
      excerpt: '',
      chars: 1,
      readingMinutes: 1,
      kind: 'article',
      note: '',
      noteKind: 'memo',
      tags: [],
      createdAt: 1_800_000_000_000,
      clippedAt: 1_800_000_000_000,
      updatedAt: 1_800_000_000_000,
    };
    const server = remote(url);
    await server.put({ _id: `clip:${id}`, type: 'clip', record: clip });
    await server.put({
      _id: 'body:x',
      type: 'body',
      record: { id: 'x', html: '<p>ok<script>alert(1)</script></p>' },
    });
    await server.put({
      _id: 'setting:lastClipEvent',
      type: 'setting',
      record: { key: 'lastClipEvent', value: {} },
    });
    const result = await sync(b, url);
    expect(result.imported.rejected.map((r) => r.id).sort()).toEqual([`clip:${id}`, 'setting:lastClipEvent']);
    expect(await b.db.get('clips', id)).toBeUndefined();
    expect(await b.db.get('settings', 'lastClipEvent')).toBeUndefined();
    expect(await getBody(b.db, 'x')).toEqual({ id: 'x', html: '<p>ok</p>', text: 'ok' });
  });

  it('a sync cut off by the server resumes and loses nothing', async () => {
    const direct = await freshDatabase();
    const proxy = await startProxy(server.port);
    const url = direct.replace(server.url, proxy.url);
    const [a, b] = [await device(), await device()];
    // Articles of random text: the server compresses its answers, and repeated text is nothing.
    const randomText = () =>
      Array.from(crypto.getRandomValues(new Uint8Array(1500)), (n) => n.toString(16)).join('');
    for (let i = 0; i < 60; i++) await saveClip(a.db, page(`cut-${i}`, { html: `<p>${randomText()}</p>` }));
    await sync(a, url);
    // The server goes away while B reads (after 20 KB of the ~100 KB the articles make, compressed).
    const cut = proxy.cutAfter(20_000);
    const failed = await sync(b, url).then(
      // debug

      () => 'synced',
      (error: unknown) => classifySyncError(error),
    );
    await cut;
    expect(failed).toBe('unreachable');
    expect(await b.db.count('clips')).toBeLessThan(60);
    await proxy.restore();
    await sync(b, url);
    expect(await b.db.count('clips')).toBe(60);
    expect(await b.db.count('bodies')).toBe(60);
    await proxy.close();
  });

  it('says why the server refused: wrong password 401, missing database 404, not a member 403', async () => {
    const url = await freshDatabase();
    const a = await device();
    const wrong = await syncOnce(
      a.db,
      a.local,
      remote(url, { username: 'admin', password: 'nope' }),
      derive,
    ).catch((e: unknown) => e);
    expect(classifySyncError(wrong)).toBe('unauthorized');
    const missing = await syncOnce(
      a.db,
      a.local,
      remote(`${server.url}/no-such-db-${Date.now()}`),
      derive,
    ).catch((e: unknown) => e);
    expect(classifySyncError(missing)).toBe('notFound');
    // A server that refuses writes (a validate_doc_update, as a read-only user meets; CouchDB 3
    // also answers 403 to a user who is not a member, where pouchdb-server answers 401).
    const admin = { Authorization: basicAuth(server.admin), 'Content-Type': 'application/json' };
    const readOnly = await fetch(`${url}/_design/read-only`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({
        validate_doc_update: "function () { throw { forbidden: 'read only' }; }",
      }),
    });
    expect(readOnly.status).toBe(201);
    await saveClip(a.db, page('forbidden'));
    const forbidden = await syncOnce(a.db, a.local, remote(url), derive).catch((e: unknown) => e);
    expect(classifySyncError(forbidden)).toBe('forbidden');
  });
});

describe('runSync: status, backoff, permission', () => {
  const deps = (d: Device, config: SyncConfig, granted = true) => {
    let status: SyncStatus | undefined;
    let changed = 0;
    let clock = 1_800_000_000_000;
    return {
      deps: {
        db: d.db,
        open: async () => ({ local: d.local, pouch: nodePouch }),
        deriveBody: derive,
        loadConfig: async () => config,
        loadStatus: async () => status,
        saveStatus: async (s: SyncStatus) => {
          status = structuredClone(s);
        },
        hasPermission: async () => granted,
        libraryChanged: () => changed++,
        now: () => clock,
      },
      tick: (ms: number) => {
        clock += ms;
      },
      changed: () => changed,
    };
  };

  it('a wrong password says 401, counts pending changes, backs off, and Sync now retries at once', async () => {
    const url = await freshDatabase();
    const a = await device();
    await saveClip(a.db, page('status'));
    const serverUrl = url.slice(0, url.lastIndexOf('/'));
    const database = url.slice(url.lastIndexOf('/') + 1);
    const config = { serverUrl, database, username: 'admin', password: 'wrong' };
    const run = deps(a, config);
    const failed = await runSync(run.deps);
    expect(failed).toMatchObject({ failure: 'unauthorized', failures: 1, pending: 2 });
    expect(failed.nextTryAt).toBe(1_800_000_000_000 + 30_000);
    // Before the backoff ends an automatic run does not try; Sync now (force) does.
    expect(await runSync(run.deps)).toMatchObject({ failures: 1 });
    expect(await runSync(run.deps, { force: true })).toMatchObject({ failures: 2, failure: 'unauthorized' });
    config.password = server.admin.password;
    run.tick(120_000);
    const ok = await runSync(run.deps);
    expect(ok).toMatchObject({ failures: 0, failure: undefined, pending: 0, lastSyncAt: 1_800_000_120_000 });
  });

  it('a removed host permission is said as such and nothing is sent', async () => {
    const url = await freshDatabase();
    const a = await device();
    await saveClip(a.db, page('perm'));
    const config = {
      serverUrl: url.slice(0, url.lastIndexOf('/')),
      database: url.slice(url.lastIndexOf('/') + 1),
      ...server.admin,
    };
    const run = deps(a, config, false);
    expect(await runSync(run.deps)).toMatchObject({ failure: 'permission' });
    expect((await remote(url).info()).doc_count).toBe(0);
  });

  it('a push alone sends local changes and takes nothing in; the next full sync does', async () => {
    const url = await freshDatabase();
    const [a, b] = [await device(), await device()];
    const { clip: fromA } = await saveClip(a.db, page('push-a'));
    await sync(a, url);
    const { clip: fromB } = await saveClip(b.db, page('push-b'));
    const config = {
      serverUrl: url.slice(0, url.lastIndexOf('/')),
      database: url.slice(url.lastIndexOf('/') + 1),
      ...server.admin,
    };
    const run = deps(b, config);
    expect(await runSync(run.deps, { pushOnly: true })).toMatchObject({ failures: 0, pending: 0 });
    expect((await remote(url).allDocs({ keys: [`clip:${fromB.id}`] })).rows[0]).toHaveProperty('value.rev');
    expect(await b.db.get('clips', fromA.id)).toBeUndefined();
    expect(run.changed()).toBe(0);
    await runSync(run.deps);
    expect(await b.db.get('clips', fromA.id)).toMatchObject({ title: '記事 push-a' });
    // What the push sent is not taken in again as news.
    expect(await b.db.count('clips')).toBe(2);
    await sync(a, url);
    expect(await a.db.get('clips', fromB.id)).toMatchObject({ title: '記事 push-b' });
  });

  it('tells open pages when a sync brought changes', async () => {
    const url = await freshDatabase();
    const [a, b] = [await device(), await device()];
    await saveClip(a.db, page('news'));
    await sync(a, url);
    const config = {
      serverUrl: url.slice(0, url.lastIndexOf('/')),
      database: url.slice(url.lastIndexOf('/') + 1),
      ...server.admin,
    };
    const run = deps(b, config);
    await runSync(run.deps);
    expect(run.changed()).toBe(1);
    await runSync(run.deps);
    expect(run.changed()).toBe(1);
  });
});
