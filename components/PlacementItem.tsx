import { useState } from 'preact/hooks';
import type { Board, NoteKind, Placement } from '@/utils/db';
import { LIMITS } from '@/utils/limits';
import { AddToBoardButton, type BoardFiling } from './AddToBoard';
import { type PlacedItem, quoteDragId } from './BoardView';
import { DraftNotice } from './DraftNotice';
import { memo } from './memo';
import { NoteKindToggle } from './NoteKindToggle';
import { OtherVersionChoice } from './OtherVersionChoice';
import { type DraftSaved, useDraftField } from './use-draft-field';

/** The board's fixed labels, read once per board view rather than once per placement. */
export interface PlacementLabels {
  moveUp: string;
  moveDown: string;
  moveToAspect: string;
  moveToSubject: string;
  moveOpen: string;
  /** The button that puts a clip's quote in the chosen cell. */
  moveQuote: string;
  quoteMoveLabel: (quote: string) => string;
  unsorted: string;
  allSubjects: string;
  notePrompt: string;
  noteLabel: (title: string) => string;
  /** The title button's tooltip: it opens the clip's reader view. */
  openClip: string;
}

/** What a placement can ask of its board; one object for the whole board, so items stay memoized. */
export interface PlacementActions {
  /**
   * Moves a placement one step within its cell (the cell's list as the board shows it now: the
   * item does not hold it, so a move elsewhere in the cell re-renders only the items it shifts).
   */
  step: (
    placement: Placement,
    cell: { aspectId?: string; subjectId?: string },
    index: number,
    direction: -1 | 1,
  ) => void;
  move: (placement: Placement, to: { aspectId?: string; subjectId?: string }) => void;
  /** Opens the placement's clip in the reader view. */
  open: (placement: Placement) => void;
  /** Writes the placement's note (trimmed) and says what it replaced. */
  note: (placement: Placement, note: string) => Promise<DraftSaved>;
  /** The placement's note becomes article text or a memo. */
  noteKind: (placement: Placement, kind: NoteKind) => void;
  /** Puts one of the placement's quotes in a cell as its own placement. */
  placeQuote: (
    placement: Placement,
    quoteId: string,
    to: { aspectId?: string; subjectId?: string; beforeId?: string },
  ) => void;
  dragStart: (placementId: string, label: string, event: DragEvent) => void;
  dragEnd: () => void;
  dragOver: (event: DragEvent) => void;
  drop: (event: DragEvent, to: { aspectId?: string; subjectId?: string; beforeId?: string }) => void;
}

interface PlacementItemProps {
  placement: Placement;
  item: PlacedItem | undefined;
  index: number;
  /** Whether it is the last of its cell (↓ is then disabled). */
  last: boolean;
  aspectId: string | undefined;
  subjectId: string | undefined;
  board: Board;
  labels: PlacementLabels;
  actions: PlacementActions;
  isDragging: boolean;
  filing?: BoardFiling;
}

interface CellPickerProps {
  board: Board;
  labels: PlacementLabels;
  label: string;
  aspectId: string | undefined;
  subjectId: string | undefined;
  onAspect: (aspectId: string | undefined) => void;
  onSubject: (subjectId: string | undefined) => void;
  /** Puts the focus on the aspect picker when it appears. */
  focusFirst: boolean;
}

/** The aspect and subject selects of "Move…" (未分類 and 共通 last). */
function CellPicker({
  board,
  labels,
  label,
  aspectId,
  subjectId,
  onAspect,
  onSubject,
  focusFirst,
}: CellPickerProps) {
  return (
    <>
      <select
        class="move-aspect"
        aria-label={`${labels.moveToAspect}: ${label}`}
        value={aspectId ?? ''}
        ref={(el) => {
          if (el && focusFirst && !el.dataset.focused) {
            el.dataset.focused = '1';
            el.focus();
          }
        }}
        onChange={(e) => onAspect(e.currentTarget.value || undefined)}
      >
        {board.aspects.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
        <option value="">{labels.unsorted}</option>
      </select>
      <select
        class="move-subject"
        aria-label={`${labels.moveToSubject}: ${label}`}
        value={subjectId ?? ''}
        onChange={(e) => onSubject(e.currentTarget.value || undefined)}
      >
        {board.subjects.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
        <option value="">{labels.allSubjects}</option>
      </select>
    </>
  );
}

interface ClipQuoteProps {
  placement: Placement;
  quote: { id: string; text: string };
  board: Board;
  labels: PlacementLabels;
  actions: PlacementActions;
}

/**
 * A quote of a clip placed whole: dragged into a cell, or moved there by keyboard (移動…, the
 * cell, then the button), it becomes a placement of its own. The cell is confirmed with the
 * button rather than on each change of a select: the quote leaves this list when it moves.
 */
function ClipQuote({ placement: p, quote, board, labels, actions }: ClipQuoteProps) {
  const [picking, setPicking] = useState(false);
  const [cell, setCell] = useState({ aspectId: p.aspectId, subjectId: p.subjectId });
  const short = [...quote.text].slice(0, 40).join('');
  return (
    <li
      class="placement-quote"
      data-quote-id={quote.id}
      draggable
      onDragStart={(e) => {
        e.stopPropagation(); // the quote is dragged, not its clip
        actions.dragStart(quoteDragId(p.clipId, quote.id), quote.text, e);
      }}
      onDragEnd={actions.dragEnd}
    >
      <q>{quote.text}</q>{' '}
      <button
        type="button"
        class="plain-button quote-move-open"
        aria-expanded={picking}
        aria-label={`${labels.moveOpen}: ${short}`}
        onClick={() => setPicking(!picking)}
      >
        {labels.moveOpen}
      </button>
      {picking && (
        <span class="placement-actions">
          <CellPicker
            board={board}
            labels={labels}
            label={short}
            aspectId={cell.aspectId}
            subjectId={cell.subjectId}
            onAspect={(aspectId) => setCell({ ...cell, aspectId })}
            onSubject={(subjectId) => setCell({ ...cell, subjectId })}
            focusFirst
          />
          <button
            type="button"
            class="plain-button quote-move-here"
            aria-label={labels.quoteMoveLabel(short)}
            onClick={() => actions.placeQuote(p, quote.id, cell)}
          >
            {labels.moveQuote}
          </button>
        </span>
      )}
    </li>
  );
}

/**
 * One clip or quote on a board, movable by pointer (drag) and keyboard (↑/↓, and "Move…" which
 * opens the aspect and subject pickers). The note editor and the pickers are created when asked
 * for: a 500-clip board would otherwise build 1,500 form controls before showing anything.
 */
export const PlacementItem = memo(function PlacementItem({
  placement: p,
  item,
  index,
  last,
  aspectId,
  subjectId,
  board,
  labels,
  actions,
  isDragging,
  filing,
}: PlacementItemProps) {
  const [editingNote, setEditingNote] = useState(false);
  const [picking, setPicking] = useState(false);
  const note = useDraftField({
    id: `placement-note:${p.id}`,
    stored: p.note,
    save: (text) => actions.note(p, text),
    normalize: (text) => text.trim(),
  });
  const label = item?.quote ?? item?.title ?? '';
  const to = { aspectId, subjectId, beforeId: p.id };
  return (
    <li
      class={`placement${isDragging ? ' is-dragging' : ''}`}
      data-placement-id={p.id}
      draggable
      onDragStart={(e) => actions.dragStart(p.id, label, e)}
      onDragEnd={actions.dragEnd}
      onDragOver={actions.dragOver}
      onDrop={(e) => actions.drop(e, to)}
    >
      {/* The clip's title leads (it opens the clip); a quote follows it; the note comes after. */}
      <span class="placement-text">
        <button type="button" class="placement-title" title={labels.openClip} onClick={() => actions.open(p)}>
          {item?.title}
        </button>
        {item?.quote && <q class="placement-quoted">{item.quote}</q>}
      </span>
      {item?.quotes && item.quotes.length > 0 && (
        <ul class="placement-quotes">
          {item.quotes.map((quote) => (
            <ClipQuote
              key={quote.id}
              placement={p}
              quote={quote}
              board={board}
              labels={labels}
              actions={actions}
            />
          ))}
        </ul>
      )}
      {editingNote ? (
        <textarea
          class="placement-note"
          rows={2}
          maxLength={LIMITS.noteLength}
          aria-label={labels.noteLabel(label)}
          placeholder={labels.notePrompt}
          value={note.value}
          ref={(el) => el?.focus()}
          onInput={note.onInput}
          onBlur={(e) => {
            note.onBlur(e);
            setEditingNote(false);
          }}
        />
      ) : (
        <button
          type="button"
          class={`placement-note-button${note.value ? '' : ' is-empty'}`}
          aria-label={labels.noteLabel(label)}
          onClick={() => setEditingNote(true)}
        >
          {note.value || labels.notePrompt}
        </button>
      )}
      <NoteKindToggle kind={p.noteKind} onChange={(kind) => actions.noteKind(p, kind)} />
      <DraftNotice field={note} />
      <OtherVersionChoice docId={`placement:${p.id}`} field="note" mine={note.value} onSave={note.commit} />
      <span class="placement-actions">
        <button
          type="button"
          class="icon-button step-up"
          disabled={index === 0}
          aria-label={`${labels.moveUp}: ${label}`}
          onClick={() => actions.step(p, { aspectId, subjectId }, index, -1)}
        >
          ↑
        </button>
        <button
          type="button"
          class="icon-button step-down"
          disabled={last}
          aria-label={`${labels.moveDown}: ${label}`}
          onClick={() => actions.step(p, { aspectId, subjectId }, index, 1)}
        >
          ↓
        </button>
        <button
          type="button"
          class="plain-button move-open"
          aria-expanded={picking}
          aria-label={`${labels.moveOpen}: ${label}`}
          onClick={() => setPicking(!picking)}
        >
          {labels.moveOpen}
        </button>
        {picking && (
          <CellPicker
            board={board}
            labels={labels}
            label={label}
            aspectId={aspectId}
            subjectId={subjectId}
            onAspect={(next) => actions.move(p, { aspectId: next, subjectId })}
            onSubject={(next) => actions.move(p, { aspectId, subjectId: next })}
            // Opening the pickers by keyboard puts the focus on the first one.
            focusFirst={document.activeElement?.classList.contains('move-open') ?? false}
          />
        )}
        {filing && (
          <AddToBoardButton target={{ clipId: p.clipId, quoteId: p.quoteId }} title={label} filing={filing} />
        )}
      </span>
    </li>
  );
});
