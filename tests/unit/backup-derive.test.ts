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

  it('parses a body the sanitizer gives back unchanged once, and one it changed twice', () => {
    // The restore derives every body of a backup; most come back as they were stored, and the
    // second parse (storedHtml's check that the HTML reads back as the tree) is then skipped.
    const fixture = loadPageFixtures()[0]!;
    const page = extractPage(domAt(fixture.html, fixture.expected.url).window.document);
    // storedHtml parses into a document of its own (inertBody), in whichever document holds the tree.
    const implementation = DOMImplementation.prototype;
    const original = implementation.createHTMLDocument;
    let parses = 0;
    implementation.createHTMLDocument = function (this: DOMImplementation, title?: string) {
      parses++;
      return original.call(this, title);
    };
    try {
      expect(deriveBodyFromHtml(page.html)).toEqual({ html: page.html, text: page.text });
      expect(parses).toBe(0);
      // A body with markup the sanitizer takes out: checked by a parse, as before.
      const hostile = `<p onclick="x()">前<marquee><b>中</b></marquee>後</p>${page.html}`;
      const derived = deriveBodyFromHtml(hostile);
      expect(parses).toBeGreaterThan(0);
      expect(derived.html).not.toContain('onclick');
      expect(derived.html).not.toContain('marquee');
      expect(derived.html.startsWith('<p>前<b>中</b>後</p>')).toBe(true);
      // And what it stores is what a restore of that stored HTML gives back.
      expect(deriveBodyFromHtml(derived.html)).toEqual(derived);
    } finally {
      implementation.createHTMLDocument = original;
    }
  });

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
