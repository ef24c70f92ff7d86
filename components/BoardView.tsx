import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AspectSection } from '@/utils/board-layout';
import { type CellCandidate, cellKey } from '@/utils/cell-candidates';
import type { Board, NoteKind, Placement } from '@/utils/db';
import { t } from '@/utils/i18n';
import { LIMITS } from '@/utils/limits';
import { BOARD_RENDERED_MARK } from '@/utils/timing';
import type { BoardFiling } from './AddToBoard';
import { DraftNotice } from './DraftNotice';
import { OtherVersionChoice } from './OtherVersionChoice';
import { type PlacementActions, PlacementItem, type PlacementLabels } from './PlacementItem';
import { useAutoGrow } from './use-auto-grow';
import { type DraftSaved, useDraftField } from './use-draft-field';

/** The board's three views: sections to sort in, the comparison table, the Markdown export. */
export type BoardMode = 'sections' | 'matrix' | 'export';

/**
 * What a placement shows: its clip's title and, for a quote, the quote; for a clip placed whole,
 * its quotes not placed on this board by themselves (each can be dragged or moved to a cell).
 */
export interface PlacedItem {
  title: string;
  quote?: string;
  quotes?: { id: string; text: string }[];
}

/** The drag payload of a clip's quote (a placement's is its id): a quote has no placement yet. */
const QUOTE_DRAG = 'quote:';
export const quoteDragId = (clipId: string, quoteId: string) => `${QUOTE_DRAG}${clipId}:${quoteId}`;

interface BoardViewProps {
  board: Board;
  sections: AspectSection[];
  items: Map<string, PlacedItem>;
  mode: BoardMode;
  onMode: (mode: BoardMode) => void;
  /** What the export view shows (the export panel), when `mode` is 'export'. */
  children?: ComponentChildren;
  onStep: (placement: Placement, list: Placement[], index: number, direction: -1 | 1) => void;
  onMove: (placement: Placement, to: { aspectId?: string; subjectId?: string }) => void;
  /** Writes one cell (and no other) and says what it replaced. */
  onCellNote: (aspectId: string, subjectId: string, note: string) => Promise<DraftSaved>;
  onBack: () => void;
  onEdit: () => void;
  onPlacementNote: (placement: Placement, note: string) => Promise<DraftSaved>;
  /** Opens a placement's clip in the reader view. */
  /** Opens a clip in the reader; with `sentence`, scrolled to that sentence, highlighted (文脈を見る). */
  onOpenClip: (clipId: string, sentence?: string) => void;
  onPlacementNoteKind: (placement: Placement, kind: NoteKind) => void;
  /** A placement dropped (pointer drag and drop) into a cell, before another placement or at its end. */
  onDrop: (placementId: string, to: { aspectId?: string; subjectId?: string; beforeId?: string }) => void;
  /** A clip's quote put in a cell of this board as its own placement (dragged, or moved by keyboard). */
  onPlaceQuote: (
    clipId: string,
    quoteId: string,
    to: { aspectId?: string; subjectId?: string; beforeId?: string },
  ) => void;
  /** "Add to board…" on each placement (to put it on another board). */
  filing?: BoardFiling;
  /** 候補文: the top candidate sentences of each cell (keyed by `cellKey`), shown in the table. */
  candidates?: ReadonlyMap<string, CellCandidate[]>;
  /** Inserts a candidate into its cell's text and cites its source there. */
  onInsertCandidate?: (candidate: CellCandidate) => void;
}

interface CandidatesProps {
  board: Board;
  aspectId: string;
  subjectId: string;
  candidates: CellCandidate[];
  onInsert: (candidate: CellCandidate) => void;
  onOpenClip: (clipId: string, sentence?: string) => void;
}

/**
 * A cell's candidate sentences, each with its source (title, site), a way to read it in context
 * (the clip in the reader) and 挿入 / Insert. A candidate the cell already holds (its sentence in
 * the text, its source cited) is marked 使用済み / Used.
 */
function CellCandidates({ board, aspectId, subjectId, candidates, onInsert, onOpenClip }: CandidatesProps) {
  if (candidates.length === 0) return null;
  const note = board.cellNotes[aspectId]?.[subjectId] ?? '';
  const cited = board.cellSources?.[aspectId]?.[subjectId] ?? [];
  return (
    <details class="cell-candidates" open>
      <summary>{t('cellCandidatesHeading')}</summary>
      <ol>
        {candidates.map((c) => {
          const used =
            note.includes(c.sentence) && cited.some((s) => s.clipId === c.clipId && s.quoteId === c.quoteId);
          return (
            <li
              key={`${c.clipId}:${c.quoteId ?? ''}:${c.start}`}
              class={`candidate${c.tie === 'suggested' ? ' unfiled' : ''}${used ? ' used' : ''}`}
            >
              <p class="candidate-sentence">{c.sentence}</p>
              <p class="candidate-source">
                <button
                  type="button"
                  class="link-button candidate-context"
                  onClick={() => onOpenClip(c.clipId, c.sentence)}
                >
                  {c.tie === 'suggested'
                    ? t('candidateSourceUnfiled', c.title || '—', c.siteName)
                    : t('candidateSource', c.title || '—', c.siteName)}
                </button>
                {used ? (
                  <span class="candidate-used">{t('candidateUsed')}</span>
                ) : (
                  <button
                    type="button"
                    class="plain-button insert-candidate"
                    aria-label={t('insertCandidateLabel', c.sentence)}
                    onClick={() => onInsert(c)}
                  >
                    {t('insertCandidate')}
                  </button>
                )}
              </p>
            </li>
          );
        })}
      </ol>
    </details>
  );
}

/** Cell notes are stored trimmed: a note changed only in its outer spaces is not rewritten. */
const trimmed = (text: string) => text.trim();

interface CellNoteProps {
  boardId: string;
  aspectId: string;
  subjectId: string;
  stored: string;
  /** The field's id, for the visible label naming its subject. */
  fieldId: string;
  label: string;
  onSave: BoardViewProps['onCellNote'];
}

/**
 * One cell's note in the comparison table: what is typed stays while other panels save, and the
 * field grows with its text (no scrollbar of its own hides what was written).
 */
function CellNote({ boardId, aspectId, subjectId, stored, fieldId, label, onSave }: CellNoteProps) {
  const field = useDraftField({
    id: `cell-note:${boardId}:${aspectId}:${subjectId}`,
    stored,
    save: (text) => onSave(aspectId, subjectId, text),
    normalize: trimmed,
  });
  const grow = useAutoGrow(field.value);
  return (
    <>
      <textarea
        id={fieldId}
        ref={grow.ref}
        class="cell-note"
        rows={2}
        maxLength={LIMITS.noteLength}
        aria-label={label}
        value={field.value}
        onInput={(e) => {
          field.onInput(e);
          grow.onInput(e);
        }}
        onBlur={field.onBlur}
      />
      <DraftNotice field={field} />
      <OtherVersionChoice
        docId={`board:${boardId}`}
        field={`cell:${aspectId}:${subjectId}`}
        mine={field.value}
        onSave={field.commit}
      />
    </>
  );
}

/**
 * A board: its aspects as sections holding clips and quotes grouped by subject, each movable by
 * keyboard (buttons and selects, labelled for screen readers); or the comparison table of
 * aspects × subjects with a note per cell.
 */
export function BoardView({
  board,
  sections,
  items,
  mode,
  onMode,
  onStep,
  onMove,
  onCellNote,
  onBack,
  onEdit,
  onPlacementNote,
  onOpenClip,
  onPlacementNoteKind,
  onDrop,
  onPlaceQuote,
  filing,
  candidates,
  onInsertCandidate,
  children,
}: BoardViewProps) {
  // The placement being dragged; while set, every cell (empty ones too) shows as a drop target.
  const [dragging, setDragging] = useState<string>();
  // Handlers read the latest props through a ref, so one stable object serves every placement
  // and a drag or an edit re-renders only the placements it changes.
  const handlers = {
    dragging,
    sections,
    onStep,
    onMove,
    onPlacementNote,
    onPlacementNoteKind,
    onOpenClip,
    onDrop,
    onPlaceQuote,
  };
  const latest = useRef(handlers);
  latest.current = handlers;
  const actions = useMemo<PlacementActions>(
    () => ({
      step: (p, cell, index, direction) => {
        const list = latest.current.sections
          .find((s) => s.aspectId === cell.aspectId)
          ?.groups.find((g) => g.subjectId === cell.subjectId)?.placements;
        // Where it is in the cell now (the item's index is the one it was rendered with).
        const at = list ? (list[index]?.id === p.id ? index : list.findIndex((x) => x.id === p.id)) : -1;
        if (list && at >= 0) latest.current.onStep(list[at]!, list, at, direction);
      },
      move: (p, to) => latest.current.onMove(p, to),
      note: (p, note) => latest.current.onPlacementNote(p, note),
      noteKind: (p, kind) => latest.current.onPlacementNoteKind(p, kind),
      placeQuote: (p, quoteId, to) => latest.current.onPlaceQuote(p.clipId, quoteId, to),
      open: (p) => latest.current.onOpenClip(p.clipId),
      dragStart: (id, label, e) => {
        setDragging(id);
        e.dataTransfer?.setData('text/plain', label);
        if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
      },
      dragEnd: () => setDragging(undefined),
      dragOver: (e) => {
        if (!latest.current.dragging) return;
        e.preventDefault(); // allows the drop
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
      },
      drop: (e, to) => {
        const moving = latest.current.dragging;
        if (!moving) return;
        e.preventDefault();
        e.stopPropagation(); // the innermost target (a placement) wins over its cell
        if (moving.startsWith(QUOTE_DRAG)) {
          const [clipId = '', quoteId = ''] = moving.slice(QUOTE_DRAG.length).split(':');
          latest.current.onPlaceQuote(clipId, quoteId, to);
        } else if (to.beforeId !== moving) latest.current.onDrop(moving, to);
        setDragging(undefined);
      },
    }),
    [],
  );
  const dropHandlers = (to: { aspectId?: string; subjectId?: string }) => ({
    onDragOver: actions.dragOver,
    onDrop: (e: DragEvent) => actions.drop(e, to),
  });
  const labels = useMemo<PlacementLabels>(() => {
    const notePrompt = t('placementNoteLabel', '').replace(/[:：]\s*$/, '');
    return {
      moveUp: t('moveUp'),
      moveDown: t('moveDown'),
      moveToAspect: t('moveToAspect'),
      moveToSubject: t('moveToSubject'),
      moveOpen: t('moveOpen'),
      moveQuote: t('moveQuoteHere'),
      quoteMoveLabel: (quote) => t('moveQuoteLabel', quote),
      unsorted: t('unsorted'),
      allSubjects: t('allSubjects'),
      notePrompt,
      noteLabel: (title) => t('placementNoteLabel', title),
      openClip: t('openInReader'),
    };
  }, []);
  useEffect(() => {
    // For `npm run bench`: the board is on screen (effects run after the browser paints).
    performance.mark(BOARD_RENDERED_MARK);
  }, []);
  const aspectName = (id?: string) => board.aspects.find((a) => a.id === id)?.name ?? t('unsorted');
  const subjectName = (id?: string) => board.subjects.find((s) => s.id === id)?.name ?? t('allSubjects');
  return (
    <section class="board" aria-labelledby="board-title">
      <nav class="reader-nav">
        <button type="button" class="link-button" onClick={onBack}>
          ← {t('backToBoards')}
        </button>
        <span class="view-switch">
          <button type="button" class="plain-button edit-board" onClick={onEdit}>
            {t('editBoard')}
          </button>
          <button
            type="button"
            class="plain-button show-sections"
            aria-pressed={mode === 'sections'}
            onClick={() => onMode('sections')}
          >
            {t('sectionsView')}
          </button>
          <button
            type="button"
            class="plain-button show-matrix"
            aria-pressed={mode === 'matrix'}
            onClick={() => onMode('matrix')}
          >
            {t('matrixView')}
          </button>
          <button
            type="button"
            class="plain-button show-export"
            aria-pressed={mode === 'export'}
            onClick={() => onMode('export')}
          >
            {t('exportView')}
          </button>
        </span>
      </nav>
      <h1 id="board-title">{board.title}</h1>
      {mode === 'export' ? (
        children
      ) : mode === 'matrix' ? (
        // One markup, two layouts (style.css): on a narrow panel each aspect is a block and each
        // subject's note a full-width field under the subject's name; where the panel is wide
        // enough for this many subjects side by side, a grid of aspects × subjects.
        <div
          class="matrix"
          data-subjects={board.subjects.length}
          style={{ '--subjects': board.subjects.length }}
        >
          <div class="matrix-head" aria-hidden="true">
            <span />
            {board.subjects.map((s) => (
              <span class="matrix-subject-head" key={s.id}>
                {s.name}
              </span>
            ))}
          </div>
          {board.aspects.map((aspect) => {
            const section = sections.find((s) => s.aspectId === aspect.id);
            return (
              <section class="matrix-aspect" key={aspect.id} aria-labelledby={`matrix-aspect-${aspect.id}`}>
                <h2 class="matrix-aspect-name" id={`matrix-aspect-${aspect.id}`}>
                  {aspect.name}
                </h2>
                {board.subjects.map((subject) => {
                  const placed = section?.groups.find((g) => g.subjectId === subject.id)?.placements ?? [];
                  const fieldId = `cell-note-${aspect.id}-${subject.id}`;
                  return (
                    <div class="matrix-cell" key={subject.id} data-cell={`${aspect.id}:${subject.id}`}>
                      <label class="matrix-subject" for={fieldId}>
                        {subject.name}
                      </label>
                      {placed.length > 0 && (
                        <ul class="cell-items">
                          {placed.map((p) => (
                            <li key={p.id}>{items.get(p.id)?.quote ?? items.get(p.id)?.title}</li>
                          ))}
                        </ul>
                      )}
                      <CellNote
                        boardId={board.id}
                        aspectId={aspect.id}
                        subjectId={subject.id}
                        stored={board.cellNotes[aspect.id]?.[subject.id] ?? ''}
                        fieldId={fieldId}
                        label={t('cellNoteLabel', `${aspect.name} × ${subject.name}`)}
                        onSave={onCellNote}
                      />
                      {candidates && onInsertCandidate && (
                        <CellCandidates
                          board={board}
                          aspectId={aspect.id}
                          subjectId={subject.id}
                          candidates={candidates.get(cellKey(aspect.id, subject.id)) ?? []}
                          onInsert={onInsertCandidate}
                          onOpenClip={onOpenClip}
                        />
                      )}
                    </div>
                  );
                })}
              </section>
            );
          })}
        </div>
      ) : (
        <>
          {sections.every((s) => s.groups.every((g) => g.placements.length === 0)) && (
            <p class="empty">{t('boardEmpty')}</p>
          )}
          {sections.map((section) => (
            <section
              class="aspect-section"
              key={section.aspectId ?? 'unsorted'}
              data-aspect={section.aspectId ?? ''}
            >
              <h2>{aspectName(section.aspectId)}</h2>
              {section.groups
                .filter((g) => g.placements.length || dragging)
                .map((group) => (
                  <div
                    class={`subject-group${dragging ? ' drop-target' : ''}`}
                    key={group.subjectId ?? 'all'}
                    data-subject={group.subjectId ?? ''}
                    {...dropHandlers({ aspectId: section.aspectId, subjectId: group.subjectId })}
                  >
                    <h3>{subjectName(group.subjectId)}</h3>
                    <ol class="placements">
                      {group.placements.map((p, index) => (
                        <PlacementItem
                          key={p.id}
                          placement={p}
                          item={items.get(p.id)}
                          index={index}
                          last={index === group.placements.length - 1}
                          aspectId={section.aspectId}
                          subjectId={group.subjectId}
                          board={board}
                          labels={labels}
                          actions={actions}
                          isDragging={dragging === p.id}
                          filing={filing}
                        />
                      ))}
                    </ol>
                  </div>
                ))}
            </section>
          ))}
        </>
      )}
    </section>
  );
}
