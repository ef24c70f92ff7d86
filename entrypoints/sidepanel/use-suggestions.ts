import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  AUTO_FILE_SINCE_KEY,
  type Board,
  type Clip,
  getDB,
  getSetting,
  type Placement,
  placeClip,
  removePlacement,
  setSetting,
} from '@/utils/db';
import type { SuggestAnswer } from '@/utils/suggest-run';
import { requestSuggestions } from './suggestions';
import type { useBoards } from './use-boards';

/** Clips at the top of the Inbox that get a board suggestion. */
const SUGGEST_FOR = 30;
/** How many recent clips weigh the words for suggestions, beside the filed ones. */
const IDF_SAMPLE = 300;
/** Settings key: when the user turned auto-filing on (ms), or null (off, the default). */

interface PlainSuggestion {
  board: Board;
  label: string;
  aspectId?: string;
  subjectId?: string;
}

interface SuggestionEvents {
  /**
   * Whether the whole library has been read: until then the panel holds the first page of the
   * Inbox only, which would weigh the words over twenty clips, and the worker's first read of
   * every clip's term counts would compete with the Inbox's own read of the library.
   */
  libraryRead: boolean;
  /** A clip was filed without asking; `undo` takes it off the board again. */
  onAutoFiled: (clip: Clip, board: Board, undo: () => Promise<void>) => void;
  /** The user accepted a suggestion. */
  onAccepted: (board: Board) => void;
  notifyOthers: () => void;
}

/**
 * Where each unfiled clip at the top of the Inbox most likely belongs, computed locally from the
 * user's clips in a worker after the Inbox is on screen (tokenizing costs about 5 ms per 1,000
 * characters); and auto-filing, when the user turned it on: clips clipped since then whose board
 * is clear go on it at once, each with Undo, each tried once per panel.
 */
export function useSuggestions(
  clips: Clip[],
  boards: ReturnType<typeof useBoards>,
  { libraryRead, onAutoFiled, onAccepted, notifyOthers }: SuggestionEvents,
) {
  const [suggested, setSuggested] = useState<Map<string, PlainSuggestion>>(new Map());
  const [autoFileSince, setAutoFileSince] = useState<number | null>(null);
  const autoFiled = useRef(new Set<string>());
  const autoFile = useRef<(answers: SuggestAnswer[]) => void>(() => {});

  useEffect(() => {
    void getDB()
      .then((db) => getSetting<number | null>(db, AUTO_FILE_SINCE_KEY))
      .then((since) => setAutoFileSince(since ?? null));
  }, []);

  // What the model reads of the placements (which clip is in which cell), not their order: a clip
  // moved up or down on a board asks nothing of the worker.
  // A change that keeps every placement in its cell (a step, a note) keeps the key without
  // building it again (5,000 placements: milliseconds of a move's 16).
  const lastCells = useRef<{ placements: Placement[]; key: string }>({ placements: [], key: '' });
  const cells = useMemo(() => {
    const last = lastCells.current;
    const sameCell = (a: Placement, b: Placement) =>
      a === b ||
      (a.boardId === b.boardId &&
        a.clipId === b.clipId &&
        a.aspectId === b.aspectId &&
        a.subjectId === b.subjectId);
    if (
      last.placements.length === boards.placements.length &&
      boards.placements.every((p, i) => sameCell(p, last.placements[i]!))
    ) {
      lastCells.current = { placements: boards.placements, key: last.key };
      return last.key;
    }
    const key = boards.placements
      .map((p) => `${p.boardId}\u0000${p.clipId}\u0000${p.aspectId ?? ''}\u0000${p.subjectId ?? ''}`)
      .sort()
      .join('\u0001');
    lastCells.current = { placements: boards.placements, key };
    return key;
  }, [boards.placements]);
  const placements = useRef(boards.placements);
  placements.current = boards.placements;

  useEffect(() => {
    if (!libraryRead) return;
    // Archived boards are kept but no longer take new clips.
    const active = boards.boards.filter((b) => !b.archivedAt);
    const filed = new Set(placements.current.map((p) => p.clipId));
    // By reference: the worker reads each clip's lead itself, once per `updatedAt` (version 9).
    const asText = (c: Clip) => ({ id: c.id, title: c.title, stamp: c.updatedAt });
    const targets = clips.filter((c) => !filed.has(c.id)).slice(0, SUGGEST_FOR);
    if (active.length === 0 || targets.length === 0) return setSuggested(new Map());
    // The words' weights come from the filed clips and the most recent ones, not all of them.
    const corpus = [
      ...new Map(
        [...clips.filter((c) => filed.has(c.id)), ...clips.slice(0, IDF_SAMPLE)].map((c) => [c.id, c]),
      ).values(),
    ];
    let current = true;
    void requestSuggestions({
      boards: active,
      corpus: corpus.map(asText),
      placements: placements.current,
      targets: targets.map(asText),
    }).then((answers) => {
      if (!current) return;
      const out = new Map<string, PlainSuggestion>();
      for (const a of answers) {
        const board = active.find((b) => b.id === a.boardId);
        if (!board) continue;
        const aspect = board.aspects.find((x) => x.id === a.aspectId);
        out.set(a.clipId, {
          board,
          label: aspect ? `${board.title} › ${aspect.name}` : board.title,
          aspectId: a.aspectId,
          subjectId: a.subjectId,
        });
      }
      setSuggested(out);
      autoFile.current(answers);
    });
    return () => {
      current = false;
    };
  }, [boards.boards, cells, clips, libraryRead]);

  const reloadBoards = boards.reload;
  autoFile.current = (answers) => {
    if (autoFileSince === null) return;
    for (const a of answers) {
      const clip = clips.find((c) => c.id === a.clipId);
      const board = boards.boards.find((b) => b.id === a.boardId);
      if (!clip || !board || !a.autoFile || clip.clippedAt < autoFileSince) continue;
      if (autoFiled.current.has(clip.id)) continue;
      autoFiled.current.add(clip.id);
      void (async () => {
        const db = await getDB();
        const placement = await placeClip(db, {
          boardId: board.id,
          clipId: clip.id,
          aspectId: a.aspectId,
          subjectId: a.subjectId,
        });
        await reloadBoards();
        notifyOthers();
        onAutoFiled(clip, board, async () => {
          await removePlacement(db, placement.id);
          await reloadBoards();
          notifyOthers();
        });
      })();
    }
  };

  const toggleAutoFile = (on: boolean) => {
    const since = on ? Date.now() : null;
    setAutoFileSince(since);
    void getDB().then((db) => setSetting(db, AUTO_FILE_SINCE_KEY, since));
  };

  const place = boards.place;
  const suggestions = useMemo(() => {
    const out = new Map<string, { boardId: string; label: string; onAccept: () => void }>();
    for (const [clipId, s] of suggested) {
      out.set(clipId, {
        boardId: s.board.id,
        label: s.label,
        onAccept: () =>
          void place({ boardId: s.board.id, clipId, aspectId: s.aspectId, subjectId: s.subjectId }).then(() =>
            onAccepted(s.board),
          ),
      });
    }
    return out;
  }, [suggested, place, onAccepted]);

  return { suggestions, autoFile: autoFileSince !== null, toggleAutoFile };
}
