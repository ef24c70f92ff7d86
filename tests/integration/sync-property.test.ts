// @vitest-environment jsdom

import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deriveBodyFromHtml } from '@/utils/backup';
import { changeClipNotes, type KurabeDatabase, openKurabeDB, saveClip } from '@/utils/db';
import { listOtherVersions, syncOnce } from '@/utils/sync/mirror';
import type { PouchDatabase } from '@/utils/sync/pouch';
import { basicAuth, type CouchServer, freshDatabaseName, startCouchServer } from '../helpers/couch-server';
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
  /** The edits this device knows of (its own, and those its syncs brought). */
  seen: Set<string>;
}

const CLIPS = 3;
type Step =
  | { kind: 'note'; device: 0 | 1; clip: number }
  | { kind: 'tag'; device: 0 | 1; clip: number; tag: string }
  | { kind: 'sync'; device: 0 | 1 };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('note' as const),
    device: fc.constantFrom(0 as const, 1 as const),
    clip: fc.nat(CLIPS - 1),
  }),
  fc.record({
    kind: fc.constant('tag' as const),
    device: fc.constantFrom(0 as const, 1 as const),
    clip: fc.nat(CLIPS - 1),
    tag: fc.constantFrom('営業', 'sales', 'memo', '比較'),
  }),
  fc.record({ kind: fc.constant('sync' as const), device: fc.constantFrom(0 as const, 1 as const) }),
);

it('random edits on two devices with random syncs converge, and no note is lost without being offered', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { maxLength: 14 }), async (steps) => {
      const name = freshDatabaseName();
      const made = await fetch(`${server.url}/${name}`, {
        method: 'PUT',
        headers: { Authorization: basicAuth(server.admin) },
      });
      expect(made.status).toBe(201);
      const remote = () => nodePouch(`${server.url}/${name}`, { skip_setup: true, auth: server.admin });
      const devices: Device[] = [];
      for (let i = 0; i < 2; i++)
        devices.push({ db: await openKurabeDB(new IDBFactory()), local: localPouch(), seen: new Set() });
      /** Edits that reached the server (what a sync brings). */
      const onServer = new Set<string>();
      const sync = async (d: Device) => {
        await syncOnce(d.db, d.local, remote(), deriveBodyFromHtml);
        for (const e of d.seen) onServer.add(e);
        for (const e of onServer) d.seen.add(e);
      };
      const ids: string[] = [];
      for (let c = 0; c < CLIPS; c++) {
        const { clip } = await saveClip(
          devices[0]!.db,
          makePage({ url: `https://p.example/${c}`, originalUrl: `https://p.example/${c}` }),
        );
        ids.push(clip.id);
      }
      await sync(devices[0]!);
      await sync(devices[1]!);

      /** Each note edit: its text, clip, and whether a later edit of that clip was made knowing it. */
      const notes: { text: string; clip: string; superseded: boolean }[] = [];
      const tags = new Map<string, Set<string>>();
      let n = 0;
      for (const s of steps) {
        const d = devices[s.device]!;
        if (s.kind === 'sync') {
          await sync(d);
        } else if (s.kind === 'note') {
          const clip = ids[s.clip]!;
          const text = `note-${s.device}-${++n}`;
          for (const earlier of notes)
            if (earlier.clip === clip && d.seen.has(earlier.text)) earlier.superseded = true;
          await changeClipNotes(d.db, clip, () => ({ note: text }), 1_800_000_000_000 + n);
          notes.push({ text, clip, superseded: false });
          d.seen.add(text);
        } else {
          const clip = ids[s.clip]!;
          await changeClipNotes(d.db, clip, (c) => ({
            tags: c.tags.includes(s.tag) ? c.tags : [...c.tags, s.tag],
          }));
          if (!tags.has(clip)) tags.set(clip, new Set());
          tags.get(clip)!.add(s.tag);
        }
      }
      // Enough rounds for every change and every resolution to reach both devices.
      for (let round = 0; round < 3; round++) for (const d of devices) await sync(d);

      const [a, b] = devices as [Device, Device];
      const clipsA = (await a.db.getAll('clips')).map(({ id, note, tags }) => ({
        id,
        note,
        tags: [...tags].sort(),
      }));
      const clipsB = (await b.db.getAll('clips')).map(({ id, note, tags }) => ({
        id,
        note,
        tags: [...tags].sort(),
      }));
      expect(clipsB).toEqual(clipsA);
      const others = await listOtherVersions(a.local);
      expect((await listOtherVersions(b.local)).map((o) => o.text).sort()).toEqual(
        others.map((o) => o.text).sort(),
      );
      for (const { id, note, tags: final } of clipsA) {
        // Every tag added anywhere is there (tags merge as a union).
        expect(final).toEqual(expect.arrayContaining([...(tags.get(id) ?? [])]));
        // Every note nobody wrote over knowingly is the note, or offered as the other device's.
        for (const edit of notes.filter((e) => e.clip === id && !e.superseded)) {
          const offered = others.some((o) => o.docId === `clip:${id}` && o.text === edit.text);
          expect(note === edit.text || offered, `${edit.text} lost (note: ${note})`).toBe(true);
        }
      }
    }),
    { numRuns: 20 },
  );
}, 240_000);
