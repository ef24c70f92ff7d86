import { describe, expect, it } from 'vitest';
import { candidateSources } from '@/utils/cell-sources';
import type { ClipWithLead, Placement, Quote } from '@/utils/db';

const clip = (id: string, extra: Partial<ClipWithLead> = {}) =>
  ({ id, title: `title ${id}`, siteName: `${id}.example`, lead: `text of ${id}`, ...extra }) as ClipWithLead;
const board = { id: 'b', subjects: [{ id: 's', name: 'kintone' }], aspects: [{ id: 'a', name: '料金' }] };
const placements = [{ id: 'p1', boardId: 'b', clipId: 'on', aspectId: 'a', subjectId: 's' } as Placement];

describe('candidateSources', () => {
  it('adds the unfiled clips the suggester ties to the board after its own, as suggested and placed nowhere', () => {
    const clips = new Map(
      [clip('on'), clip('tied'), clip('gone', { deletedAt: 1 }), clip('elsewhere')].map((c) => [c.id, c]),
    );
    const quotes = [{ id: 'q', clipId: 'on', text: 'a quote' } as Quote];
    const sources = candidateSources(board, placements, clips, quotes, ['tied', 'gone', 'on', 'missing']);
    expect(sources.map((s) => [s.clipId, s.quoteId, s.tie])).toEqual([
      ['on', undefined, 'board'],
      ['on', 'q', 'board'],
      ['tied', undefined, 'suggested'],
    ]);
    expect(sources[2]).toMatchObject({
      title: 'title tied',
      siteName: 'tied.example',
      text: 'text of tied',
      placements: [],
    });
  });

  it('is the board’s own clips and quotes alone when nothing is suggested', () => {
    const clips = new Map([clip('on'), clip('tied')].map((c) => [c.id, c]));
    expect(candidateSources(board, placements, clips, []).map((s) => s.clipId)).toEqual(['on']);
  });
});
