// @vitest-environment jsdom
import { IDBFactory } from 'fake-indexeddb';
import { expect, it } from 'vitest';
import { deriveBodyFromHtml } from '@/utils/backup';
import type { RecordLine } from '@/utils/backup/format';
import { restoreFromStream } from '@/utils/backup/restore';
import { openKurabeDB } from '@/utils/db';
import { articleLines, backupFile, restoredId, streamOf } from '../helpers/backup';
import { fillOrigin, HOSTILE_VECTORS, inspectHtml } from '../helpers/hostile-vectors';
import { makeClip } from '../helpers/pages';

/**
 * A backup's article HTML is not trusted to be what Kurabe wrote: a restore sanitizes every body
 * with a clip's allowlist (utils/sanitize.ts), so what is stored is clean whoever reads it later
 * (before, the file's HTML was stored as it was: scripts, `svg onload`, iframes, held back only
 * by the reader's own sanitizing). Every vector of the hostile corpus, each in a body of its own.
 */

const ORIGIN = 'http://localhost:8123';
const idOf = (i: number) => `v${String(i).padStart(3, '0')}`;

it('stores none of the dangerous parts of any hostile vector inside a backup', async () => {
  const lines: RecordLine[] = HOSTILE_VECTORS.flatMap((vector, i) =>
    articleLines(idOf(i), `<p>before</p>${fillOrigin(vector.html, ORIGIN)}<p>after</p>`),
  );
  // A body whose clip only the database has takes the other path of the restore.
  const dbOnly = HOSTILE_VECTORS.find((vector) => vector.id === 'script-basic')!;
  lines.push({ store: 'bodies', record: { id: 'in-db', html: fillOrigin(dbOnly.html, ORIGIN) } });

  // The test would see nothing if the raw vectors were harmless.
  const rawFindings = lines.filter(
    (line) => line.store === 'bodies' && inspectHtml(line.record.html, ORIGIN, 'stored').length > 0,
  ).length;
  expect(rawFindings).toBeGreaterThan(HOSTILE_VECTORS.length * 0.8);

  const db = await openKurabeDB(new IDBFactory());
  await db.put('clips', makeClip('in-db', 'here', '', { normalizedUrl: 'https://here.example/' }));
  const result = await restoreFromStream(db, streamOf(backupFile(lines)), { deriveBody: deriveBodyFromHtml });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  expect(result.summary.bodies.added).toBe(HOSTILE_VECTORS.length + 1);

  const findings: string[] = [];
  for (const body of await db.getAll('bodies')) {
    for (const finding of inspectHtml(body.html, ORIGIN, 'stored')) findings.push(`${body.id}: ${finding}`);
  }
  expect(findings).toEqual([]);
  const script = await db.get('bodies', 'in-db');
  expect(script?.html).not.toContain('<script');
  const named = (id: string) => restoredId(idOf(HOSTILE_VECTORS.findIndex((vector) => vector.id === id)));
  // The paragraphs around a vector stay: sanitizing removes what is dangerous, not the article.
  expect((await db.get('bodies', named('script-basic')))?.html).toBe('<p>before</p><p>after</p>');
  db.close();
}, 60_000);

it('stores the sanitized HTML, not the file’s, for the report’s examples', async () => {
  const db = await openKurabeDB(new IDBFactory());
  const html =
    '<p>ok</p><script>alert(1)</script><svg onload="alert(2)"><circle/></svg>' +
    '<iframe src="https://evil.example/"></iframe><a href="javascript:alert(3)">link</a>' +
    '<img src="https://a.example/i.png" onerror="alert(4)">';
  const result = await restoreFromStream(db, streamOf(backupFile(articleLines('c1', html))), {
    deriveBody: deriveBodyFromHtml,
  });
  expect(result.ok).toBe(true);
  expect(await db.get('bodies', restoredId('c1'))).toEqual({
    id: restoredId('c1'),
    html: '<p>ok</p><a>link</a><img src="https://a.example/i.png">',
    text: 'ok\nlink',
  });
  db.close();
});
