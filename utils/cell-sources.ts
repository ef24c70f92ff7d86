import type { CandidateBoard, CandidateSource } from './cell-candidates';
import type { ClipWithLead, Placement, Quote } from './db';

/**
 * The texts a board's cell candidates are drawn from, as the panel holds them: each clip on the
 * board (its lead: the first LEAD_LENGTH characters) with where it is placed, and each of its
 * quotes (placed by itself or with its clip); then the unfiled clips the suggester ties to the
 * board (`suggestedClipIds`: on no board yet), which rank lower. The clips come with their leads
 * (read for these clips only: `withLeads`, the panel's clips have none since version 9). Clips in the Trash and deleted
 * quotes are left out.
 */
export function candidateSources(
  board: CandidateBoard,
  placements: readonly Placement[],
  clipsById: ReadonlyMap<string, ClipWithLead>,
  quotes: readonly Quote[],
  suggestedClipIds: readonly string[] = [],
): CandidateSource[] {
  const onBoard = placements.filter((p) => p.boardId === board.id);
  const sources: CandidateSource[] = [];
  const placesOf = (clipId: string, quoteId?: string) =>
    onBoard
      .filter(
        (p) =>
          p.clipId === clipId && (quoteId === undefined || p.quoteId === quoteId || p.quoteId === undefined),
      )
      .map((p) => ({ aspectId: p.aspectId, subjectId: p.subjectId }));
  for (const clipId of new Set(onBoard.map((p) => p.clipId))) {
    const clip = clipsById.get(clipId);
    if (!clip || clip.deletedAt !== undefined) continue;
    const base = { clipId, title: clip.title, siteName: clip.siteName, tie: 'board' as const };
    sources.push({ ...base, text: clip.lead, placements: placesOf(clipId) });
    for (const quote of quotes) {
      if (quote.clipId !== clipId || quote.deletedAt !== undefined) continue;
      sources.push({ ...base, quoteId: quote.id, text: quote.text, placements: placesOf(clipId, quote.id) });
    }
  }
  const onThisBoard = new Set(onBoard.map((p) => p.clipId));
  for (const clipId of new Set(suggestedClipIds)) {
    const clip = clipsById.get(clipId);
    if (!clip || clip.deletedAt !== undefined || onThisBoard.has(clipId)) continue;
    sources.push({
      clipId,
      title: clip.title,
      siteName: clip.siteName,
      tie: 'suggested',
      text: clip.lead,
      placements: [],
    });
  }
  return sources;
}
