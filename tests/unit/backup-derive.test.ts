// @vitest-environment jsdom
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { deriveBodyFromHtml } from '@/utils/backup';
import { restoreFromStream } from '@/utils/backup/restore';
import { clipIdForUrl } from '@/utils/clip-id';
import { openKurabeDB } from '@/utils/db';
import { extractPage } from '@/utils/extract';
import { fixtureBytes, streamOf } from '../helpers/backup';
import { domAt, loadPageFixtures } from '../helpers/fixtures';

describe('deriveBodyFromHtml', () => {
  // A backup keeps only the sanitized HTML: restoring must give back the text that extraction
  // stored for it, or search and suggestions would change; sanitizing it again changes nothing.
  it.each(loadPageFixtures().map((f) => [f.slug, f] as const))(
    'rebuilds what extraction stored: %s',
    (_, fixture) => {
      const page = extractPage(domAt(fixture.html, fixture.expected.url).window.document);
      expect(page.html).not.toBe('');
      expect(deriveBodyFromHtml(page.html)).toEqual({ html: page.html, text: page.text });
    },
  );

  it('leaves images out of the text and the page’s own document alone', () => {
    const before = document.body.innerHTML;
    const { text } = deriveBodyFromHtml('<p>写真<img src="https://tracker.example/pixel.gif">の説明</p>');
    expect(text).toBe('写真の説明');
    expect(document.body.innerHTML).toBe(before);
  });
});

it('restores the valid fixture with the real derivation', async () => {
  const db = await openKurabeDB(new IDBFactory());
  const result = await restoreFromStream(db, streamOf(fixtureBytes('valid.jsonl')), {
    deriveBody: deriveBodyFromHtml,
  });
  expect(result.ok).toBe(true);
  // The file's "c-route" is restored under its page's id.
  const route = clipIdForUrl('https://example.com/entry/1');
  expect(await db.get('bodies', route)).toMatchObject({
    text: '違い\nルート営業は既存の顧客と長期的な関係を築きます。',
  });
  expect((await db.get('leads', route))?.lead).toBe('違い\nルート営業は既存の顧客と長期的な関係を築きます。');
  db.close();
});
