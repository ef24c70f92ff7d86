import { useEffect, useId, useRef, useState } from 'preact/hooks';
import {
  type BoardChoice,
  type Cell,
  cellName,
  type FilingTarget,
  filterByName,
  nextIndex,
  boardChoices as offeredBoards,
} from '@/utils/board-chooser';
import type { Board, Placement } from '@/utils/db';
import { t } from '@/utils/i18n';
import { isSubmitEnter } from '@/utils/ime';

/** What every "Add to board…" button needs from the panel: the boards, where things sit, the filing. */
export interface BoardFiling {
  boards: Board[];
  placements: Placement[];
  file: (target: FilingTarget, boardId: string, cell: Cell) => void;
}

interface AddToBoardProps {
  /** What is being filed (a clip's title, a quote's start), for the chooser's label. */
  title: string;
  choices: BoardChoice[];
  onFile: (boardId: string, cell: Cell) => void;
  onCancel: () => void;
}

interface Option {
  id?: string;
  name: string;
  recent?: boolean;
  placedIn?: string;
}

type Step = 'board' | 'aspect' | 'subject';

/**
 * The chooser of "Add to board…": a board (recently used ones on top), then its aspect, then its
 * subject — each a list to move through with ↑/↓, narrowed by typing, chosen with Enter (never
 * the Enter that confirms an IME conversion) or a click. Backspace in an empty filter goes a step
 * back; Escape cancels. The aspect may be 未分類 and the subject 共通 (both optional).
 */
export function AddToBoard({ title, choices, onFile, onCancel }: AddToBoardProps) {
  const [step, setStep] = useState<Step>('board');
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [choice, setChoice] = useState<BoardChoice>();
  const [aspectId, setAspectId] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const labels = { unsorted: t('unsorted'), allSubjects: t('allSubjects') };

  useEffect(() => {
    input.current?.focus();
  }, [step]);

  const board = choice?.board;
  const all: Option[] =
    step === 'board'
      ? choices.map((c) => ({
          id: c.board.id,
          name: c.board.title,
          recent: c.recent,
          placedIn: c.placed && cellName(c.board, c.placed, labels),
        }))
      : step === 'aspect'
        ? [...(board?.aspects ?? []), { id: undefined, name: labels.unsorted }]
        : [...(board?.subjects ?? []), { id: undefined, name: labels.allSubjects }];
  const options = filterByName(all, query, (o) => o.name);
  const current = Math.min(active, options.length - 1);

  /** Goes to a step with the filter emptied and the option at `index` active. */
  const go = (next: Step, index: number) => {
    setStep(next);
    setQuery('');
    setActive(Math.max(0, index));
  };

  const choose = (option: Option | undefined) => {
    if (!option) return;
    if (step === 'board') {
      const picked = choices.find((c) => c.board.id === option.id);
      if (!picked) return;
      setChoice(picked);
      // Already on this board: its cell is where the lists start.
      const at = picked.board.aspects.findIndex((a) => a.id === picked.placed?.aspectId);
      go('aspect', picked.placed && at < 0 ? picked.board.aspects.length : at);
    } else if (step === 'aspect') {
      setAspectId(option.id);
      const subjects = board?.subjects ?? [];
      const at = subjects.findIndex((s) => s.id === choice?.placed?.subjectId);
      go('subject', choice?.placed && at < 0 ? subjects.length : at);
    } else if (board) {
      onFile(board.id, { aspectId, subjectId: option.id });
    }
  };

  const back = () => {
    if (step === 'subject')
      go(
        'aspect',
        (board?.aspects ?? []).findIndex((a) => a.id === aspectId),
      );
    else if (step === 'aspect')
      go(
        'board',
        choices.findIndex((c) => c.board.id === board?.id),
      );
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const next = nextIndex(current, options.length, e.key);
      if (next !== undefined) setActive(next);
      e.preventDefault();
    } else if (isSubmitEnter(e)) {
      e.preventDefault();
      choose(options[current]);
    } else if (e.key === 'Backspace' && query === '' && step !== 'board') {
      e.preventDefault();
      back();
    }
  };

  const stepLabel =
    step === 'board'
      ? t('chooserBoard')
      : step === 'aspect'
        ? t('chooserAspect', board?.title ?? '')
        : t('chooserSubject', board?.title ?? '');
  const optionId = (i: number) => `${listId}-${i}`;
  return (
    <fieldset
      class="add-to-board"
      aria-label={t('addToBoardLabel', title)}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        e.stopPropagation();
        onCancel();
      }}
    >
      {step !== 'board' && choice?.placed && board && (
        <p class="chooser-placed" role="status">
          {t('chooserAlreadyThere', cellName(board, choice.placed, labels))}
        </p>
      )}
      <input
        ref={input}
        type="text"
        class="filter chooser-filter"
        role="combobox"
        aria-expanded="true"
        aria-autocomplete="list"
        aria-controls={listId}
        aria-activedescendant={current >= 0 ? optionId(current) : undefined}
        aria-label={stepLabel}
        placeholder={stepLabel}
        value={query}
        onInput={(e) => {
          setQuery(e.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {options.length === 0 ? (
        <p class="empty chooser-empty">
          {step === 'board' && choices.length === 0 ? t('chooserNoBoards') : t('chooserNoMatch')}
        </p>
      ) : (
        <div class="chooser-options" role="listbox" id={listId} aria-label={stepLabel}>
          {options.map((o, i) => (
            <div
              key={o.id ?? ''}
              tabIndex={-1}
              id={optionId(i)}
              role="option"
              class={`chooser-option${i === current ? ' is-active' : ''}`}
              aria-selected={i === current}
              data-id={o.id ?? ''}
              // The filter keeps the focus: a click chooses without taking it away.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(o)}
              onKeyDown={onKeyDown}
            >
              <span class="chooser-name">{o.name}</span>
              {o.recent && <span class="tag chooser-recent">{t('chooserRecent')}</span>}
              {o.placedIn && <span class="muted chooser-placed-in">{t('chooserPlacedIn', o.placedIn)}</span>}
            </div>
          ))}
        </div>
      )}
      <p class="chooser-buttons">
        {step !== 'board' && (
          <button type="button" class="link-button chooser-back" onClick={back}>
            ← {t('back')}
          </button>
        )}
        <button type="button" class="plain-button chooser-cancel" onClick={onCancel}>
          {t('cancel')}
        </button>
      </p>
    </fieldset>
  );
}

interface AddToBoardButtonProps {
  target: FilingTarget;
  /** The clip's title or the quote, naming the button and the chooser for screen readers. */
  title: string;
  filing: BoardFiling;
}

/**
 * The 「ボードに追加…」 button and, while open, its chooser under it. Choosing or cancelling
 * closes the chooser and puts the focus back on the button.
 */
export function AddToBoardButton({ target, title, filing }: AddToBoardButtonProps) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    opener.current?.focus();
  };
  return (
    <>
      <button
        ref={opener}
        type="button"
        class="plain-button add-to-board-open"
        aria-expanded={open}
        aria-label={`${t('addToBoardOpen')}: ${title}`}
        onClick={() => setOpen(!open)}
      >
        {t('addToBoardOpen')}
      </button>
      {open && (
        <AddToBoard
          title={title}
          choices={offeredBoards(filing.boards, filing.placements, target)}
          onFile={(boardId, cell) => {
            close();
            filing.file(target, boardId, cell);
          }}
          onCancel={close}
        />
      )}
    </>
  );
}
