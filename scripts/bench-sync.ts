import { performance } from 'node:perf_hooks';
import { IDBFactory } from 'fake-indexeddb';
import { JSDOM } from 'jsdom';
import { basicAuth, freshDatabaseName, startCouchServer, startProxy } from '../tests/helpers/couch-server';
import { localPouch, nodePouch } from '../tests/helpers/pouch-node';
import { deriveBodyFromHtml } from '../utils/backup';
import { openKurabeDB, saveClip, updateClipNotes } from '../utils/db';
import { libraryContents, loadState, localChanges, pushOnce, syncOnce } from '../utils/sync/mirror';
import type { PouchDatabase } from '../utils/sync/pouch';

type Record_ = (name: string, m: { value: number; unit: string; n?: number }) => void;

/**
 * BENCH_ONLY=sync: sync through pouchdb-server (in memory, on localhost, behind a counting proxy)
 * with PouchDB on node (memory adapter) and fake-indexeddb: the engine's own cost, not a
 * browser's or a network's. BENCH_SYNC_CLIPS sets the library (10,000 in the issue; 2,000 by default
 * to keep the bench short). `sync.nothing_new` is a sync's floor (the export reads only the
 * records the change log marks: utils/change-log.ts); `sync.one_change` a sync after one note
 * edited; `sync.whole_library_read` what the export read before the change log (every record,
 * to find what changed), kept as the baseline; `sync.push_one_clip` is the background's push alone.
 */
export async function benchSync(record: Record_): Promise<void> {
  const clips = Number(process.env.BENCH_SYNC_CLIPS ?? 2000);
  const server = await startCouchServer();
  const proxy = await startProxy(server.port);
  try {
    const name = freshDatabaseName();
    await fetch(`${server.url}/${name}`, {
      method: 'PUT',
      headers: { Authorization: basicAuth(server.admin) },
    });
    const url = `${proxy.url}/${name}`;
    const remote = () => nodePouch(url, { skip_setup: true, auth: server.admin });
    // A fresh jsdom window every 100 articles: each querySelectorAll on a document made from the
    // window adds a listener to it (jsdom's selector engine), and jsdom checks every listener
    // already there, so one window for 10,000 articles made the import quadratic — 14 of 37 s
    // at 2,000 clips in a CPU profile. A browser has no such cost; the bench measures the sync.
    let document = new JSDOM('').window.document;
    let derived = 0;
    const derive = (html: string) => {
      if (++derived % 100 === 0) document = new JSDOM('').window.document;
      return deriveBodyFromHtml(html, document);
    };
    const device = async () => ({ db: await openKurabeDB(new IDBFactory()), local: localPouch() });
    const a = await device();
    const b = await device();
    // Articles of about 6 KB of varied text, as a clipped page gives.
    const words = ['ルート営業', 'field sales', '顧客', 'retention', '提案', 'pipeline', '継続率', 'quota'];
    for (let i = 0; i < clips; i++) {
      const text = Array.from({ length: 400 }, (_, j) => words[(i * 7 + j * 13) % words.length]).join(' ');
      await saveClip(a.db, {
        kind: 'article',
        url: `https://bench.example/${i}`,
        originalUrl: `https://bench.example/${i}`,
        title: `記事 ${i}`,
        byline: '',
        siteName: 'bench.example',
        lang: 'ja',
        publishedTime: '',
        modifiedTime: '',
        excerpt: '',
        html: `<p>${text}</p>`,
        text,
        chars: text.length,
        readingMinutes: 2,
      });
    }
    const timed = async (fn: () => Promise<unknown>) => {
      const start = performance.now();
      await fn();
      return performance.now() - start;
    };
    const up = proxy.bytes.up;
    record('sync.first_to_empty_server', {
      value: await timed(() => syncOnce(a.db, a.local, remote(), derive)),
      unit: 'ms',
      n: clips,
    });
    record('sync.bytes_sent_per_clip', { value: (proxy.bytes.up - up) / clips, unit: 'B', n: clips });
    record('sync.first_to_empty_device', {
      value: await timed(() => syncOnce(b.db, b.local, remote(), derive)),
      unit: 'ms',
      n: clips,
    });
    // One new clip: written on A, synced by A, then by B (as the alarm or a panel would).
    record('sync.one_clip_to_other_device', {
      value: await timed(async () => {
        await saveClip(a.db, {
          kind: 'article',
          url: 'https://bench.example/new',
          originalUrl: 'https://bench.example/new',
          title: '新しい記事',
          byline: '',
          siteName: 'bench.example',
          lang: 'ja',
          publishedTime: '',
          modifiedTime: '',
          excerpt: '',
          html: '<p>新しい</p>',
          text: '新しい',
          chars: 3,
          readingMinutes: 1,
        });
        await syncOnce(a.db, a.local, remote(), derive);
        await syncOnce(b.db, b.local, remote(), derive);
        if (!(await b.db.getFromIndex('clips', 'normalizedUrl', 'https://bench.example/new')))
          throw new Error('not synced');
      }),
      unit: 'ms',
      n: clips,
    });
    // A sync with nothing new: its floor (the change log is empty: no record of the library read).
    let nothingNew: Awaited<ReturnType<typeof syncOnce>> | undefined;
    record('sync.nothing_new', {
      value: await timed(async () => {
        nothingNew = await syncOnce(a.db, a.local, remote(), derive);
      }),
      unit: 'ms',
      n: clips,
    });
    record('sync.nothing_new_records_read', {
      value: nothingNew!.exported.marks.size,
      unit: 'records',
      n: clips,
    });
    // One note edited, then a sync: the export reads that clip alone.
    const edited = (await a.db.getAllKeys('clips'))[0] as string;
    await updateClipNotes(a.db, edited, { note: 'ベンチで書いたメモ' });
    let oneChange: Awaited<ReturnType<typeof syncOnce>> | undefined;
    record('sync.one_change', {
      value: await timed(async () => {
        oneChange = await syncOnce(a.db, a.local, remote(), derive);
      }),
      unit: 'ms',
      n: clips,
    });
    if (oneChange!.exported.written !== 1 || oneChange!.exported.whole)
      throw new Error('one change: not one');
    record('sync.one_change_records_read', {
      value: oneChange!.exported.marks.size,
      unit: 'records',
      n: clips,
    });
    // The baseline: reading the whole library to find what changed (what every export did before
    // the change log; still what a first sync or the one after an upgrade does).
    const state = await loadState(a.local);
    record('sync.whole_library_read', {
      value: await timed(() => localChanges(a.db, { entries: state.entries, importSeq: state.importSeq })),
      unit: 'ms',
      n: clips,
    });
    // The background's push alone (no panel open): one new clip out to the server.
    const newPage = (n: string) => ({
      kind: 'article' as const,
      url: `https://bench.example/${n}`,
      originalUrl: `https://bench.example/${n}`,
      title: n,
      byline: '',
      siteName: 'bench.example',
      lang: 'ja',
      publishedTime: '',
      modifiedTime: '',
      excerpt: '',
      html: '<p>新しい</p>',
      text: '新しい',
      chars: 3,
      readingMinutes: 1,
    });
    record('sync.push_one_clip', {
      value: await timed(async () => {
        await saveClip(a.db, newPage('pushed'));
        await pushOnce(a.db, a.local, remote());
      }),
      unit: 'ms',
      n: clips,
    });
    // Storage: the library as IndexedDB holds it, and what PouchDB adds (its documents as JSON;
    // a browser's IndexedDB adds its own overhead to both).
    const library = JSON.stringify(await libraryContents(a.db)).length;
    const pouchBytes = await jsonBytes(a.local);
    record('sync.library_json', { value: library / 1024, unit: 'KiB', n: clips });
    record('sync.local_storage_added', { value: pouchBytes / 1024, unit: 'KiB', n: clips });
  } finally {
    await proxy.close();
    await server.stop();
  }
}

async function jsonBytes(pouch: PouchDatabase): Promise<number> {
  const { rows } = await pouch.allDocs({ include_docs: true });
  let total = 0;
  for (const row of rows) total += JSON.stringify(row.doc).length;
  return total;
}
