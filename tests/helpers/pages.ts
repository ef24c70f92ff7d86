import type { ClipWithLead } from '@/utils/db';
import type { ExtractedPage } from '@/utils/extract';

/** An extracted page as the extraction script would return it. */
export function makePage(overrides: Partial<ExtractedPage> = {}): ExtractedPage {
  return {
    kind: 'article',
    url: 'https://example.com/entry/1',
    originalUrl: 'https://example.com/entry/1?utm_source=x',
    title: 'ルート営業と営業の違い',
    byline: '中嶋 悟',
    siteName: 'サトルンの比較ノート',
    lang: 'ja',
    publishedTime: '2026-11-20T23:10:00+09:00',
    modifiedTime: '',
    excerpt: 'ルート営業と一般的な営業の違いを解説します。',
    html: '<p>ルート営業は既存の顧客と長期的な関係を築きます。</p>',
    text: 'ルート営業は既存の顧客と長期的な関係を築きます。',
    chars: 24,
    readingMinutes: 1,
    ...overrides,
  };
}

/** A stored clip record (the start of its text as the lead), for tests that need no database. */
export function makeClip(
  id: string,
  title: string,
  lead: string,
  extra: Partial<ClipWithLead> = {},
): ClipWithLead {
  return {
    id,
    normalizedUrl: `https://a.example/${id}`,
    url: `https://a.example/${id}`,
    title,
    byline: '',
    siteName: 'サイト',
    lang: 'ja',
    publishedTime: '',
    excerpt: '',
    lead,
    chars: 0,
    readingMinutes: 1,
    kind: 'article',
    note: '',
    noteKind: 'article',
    tags: [],
    createdAt: 0,
    clippedAt: 0,
    updatedAt: 0,
    ...extra,
  };
}
