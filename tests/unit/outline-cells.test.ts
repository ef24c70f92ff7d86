import { describe, expect, it } from 'vitest';
import { cellCandidates, cellKey } from '@/utils/cell-candidates';
import { candidateSources } from '@/utils/cell-sources';
import type { Board, Placement } from '@/utils/db';
import { renderOutline } from '@/utils/outline';
import { makeClip } from '../helpers/pages';

const board: Board = {
  id: 'b',
  title: 'kintone vs Salesforce',
  subjects: [
    { id: 'k', name: 'kintone', aliases: ['キントーン'] },
    { id: 'sf', name: 'Salesforce' },
  ],
  aspects: [{ id: 'price', name: '料金' }],
  cellNotes: { price: { k: '月額1,800円から' } },
  cellSources: { price: { k: [{ clipId: 'c1' }, { clipId: 'gone' }, { clipId: 'c1', quoteId: 'q' }] } },
  order: 'a',
  updatedAt: 1,
};
const c1 = makeClip('c1', 'CRMの料金', 'キントーンの料金は月額1,800円から。', { siteName: 'crm-lab.jp' });
const c2 = makeClip('c2', 'SFの料金', 'Salesforceの料金は月額19,800円になる。一方で機能は多い。');
const placements: Placement[] = ['c1', 'c2'].map((clipId, i) => ({
  id: `p${i}`,
  boardId: 'b',
  clipId,
  aspectId: 'price',
  order: String(i),
  note: '',
  noteKind: 'article',
}));
const clips = [c1, c2];

describe("the comparison table cites a cell's sources", () => {
  it('as a footnote per clip it cites (once, clips no longer there left out), numbered with the sources', () => {
    const markdown = renderOutline({ board, placements, clips, quotes: [] });
    expect(markdown).toContain('| 料金 | 月額1,800円から[^1] |');
    expect(markdown).toMatch(/\[\^1\]: 「CRMの料金」crm-lab\.jp/);
  });

  it('as the linked title when sources are inline', () => {
    const markdown = renderOutline({ board, placements, clips, quotes: [] }, { references: 'inline' });
    expect(markdown).toContain('月額1,800円から（[CRMの料金](https://a.example/c1)）');
  });

  it('fills an empty cell with its top candidate marked 要確認 only when asked, citing it', () => {
    const ranked = cellCandidates(
      board,
      candidateSources(board, placements, new Map(clips.map((c) => [c.id, c])), []),
      1,
    );
    const candidates = new Map([...ranked].map(([key, [top]]) => [key, top!]));
    expect(candidates.get(cellKey('price', 'sf'))!.sentence).toBe('Salesforceの料金は月額19,800円になる。');
    const input = { board, placements, clips, quotes: [], candidates };
    expect(renderOutline(input)).not.toContain('要確認');
    const filled = renderOutline(input, { fillEmptyCells: true });
    expect(filled).toContain('| 【要確認】Salesforceの料金は月額19,800円になる。[^2] |');
    // A filled cell is a draft: the cell with a note keeps its note.
    expect(filled).toContain('月額1,800円から[^1]');
    expect(renderOutline(input, { fillEmptyCells: true, locale: 'en' })).toContain('[To check] Salesforce');
  });
});
