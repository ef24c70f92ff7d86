import { useState } from 'preact/hooks';
import type { BoardError } from '@/utils/boards';
import type { Board } from '@/utils/db';
import { t } from '@/utils/i18n';
import { isSubmitEnter } from '@/utils/ime';
import { DraftNotice } from './DraftNotice';
import { type DraftSaved, useDraftField } from './use-draft-field';

type Part = 'subjects' | 'aspects';
type Refusal = { error: BoardError; detail?: string };
type Outcome = Promise<Refusal | undefined>;
/** A rename: refused (with the reason), or done (with the name it replaced, read as it wrote). */
export type Renamed = Promise<Refusal | { replaced: string }>;

interface BoardEditorProps {
  board: Board;
  /** Placements per subject or aspect id: removing one with clips asks where they go. */
  filed: Map<string, number>;
  onRename: (title: string) => Renamed;
  onAdd: (part: Part, name: string) => Outcome;
  onRenamePart: (part: Part, id: string, name: string) => Renamed;
  /** Sets a part's aliases (別名) from the typed list. */
  onSetAliases: (part: Part, id: string, typed: string) => Renamed;
  onMovePart: (part: Part, id: string, to: number) => void;
  onRemovePart: (part: Part, id: string, moveTo: string | null) => Outcome;
  onArchive: () => void;
  onDelete: () => void;
}

/** Enter that is not an IME confirmation runs `action`; other Enters do nothing. */
const onEnter = (action: () => void) => (e: KeyboardEvent) => {
  if (e.key !== 'Enter') return;
  e.preventDefault();
  if (isSubmitEnter(e)) action();
};

/** Names are stored with their white space collapsed: a name changed only in spacing is not rewritten. */
const nameAsStored = (name: string) => name.replace(/\s+/g, ' ').trim();

/** A rename as a draft save: a refusal keeps the draft in the field and says why. */
function renameSave(rename: (name: string) => Renamed, onError: (error: Refusal | undefined) => void) {
  return async (name: string): Promise<DraftSaved> => {
    const outcome = await rename(name);
    if ('error' in outcome) {
      onError(outcome);
      return { refused: true };
    }
    onError(undefined);
    return { replaced: outcome.replaced };
  };
}

interface PartNameProps {
  boardId: string;
  part: Part;
  item: { id: string; name: string };
  onRename: BoardEditorProps['onRenamePart'];
  onError: (error: Refusal | undefined) => void;
}

/** The name of a subject or an aspect, renamed when the field is left (Enter leaves it). */
function PartName({ boardId, part, item, onRename, onError }: PartNameProps) {
  const field = useDraftField({
    id: `part-name:${boardId}:${item.id}`,
    stored: item.name,
    save: renameSave((name) => onRename(part, item.id, name), onError),
    normalize: nameAsStored,
  });
  return (
    <>
      <input
        type="text"
        class="part-name"
        value={field.value}
        aria-label={t('nameFieldLabel', item.name)}
        onInput={field.onInput}
        onBlur={field.onBlur}
        onKeyDown={onEnter(() => (document.activeElement as HTMLElement | null)?.blur())}
      />
      <DraftNotice field={field} />
    </>
  );
}

interface AliasesProps {
  boardId: string;
  part: Part;
  item: { id: string; name: string; aliases?: string[] };
  onSet: BoardEditorProps['onSetAliases'];
  onError: (error: Refusal | undefined) => void;
}

/**
 * A part's aliases (別名), one field, 「、」 between them: other names the suggestions and the cell
 * candidates take as the name (ノーション for Notion, 料金 for price). Saved when the field is left.
 */
function Aliases({ boardId, part, item, onSet, onError }: AliasesProps) {
  const field = useDraftField({
    id: `part-aliases:${boardId}:${item.id}`,
    stored: (item.aliases ?? []).join('、'),
    save: renameSave((typed) => onSet(part, item.id, typed), onError),
    normalize: (typed) => typed.trim(),
  });
  return (
    <>
      <input
        type="text"
        class="part-aliases"
        value={field.value}
        placeholder={t('aliasesPlaceholder')}
        aria-label={t('aliasesFieldLabel', item.name)}
        onInput={field.onInput}
        onBlur={field.onBlur}
        onKeyDown={onEnter(() => (document.activeElement as HTMLElement | null)?.blur())}
      />
      <DraftNotice field={field} />
    </>
  );
}

/** Editing a board: its title, its subjects and aspects (add, rename, reorder, remove), archive, delete. */
export function BoardEditor(props: BoardEditorProps) {
  const { board, filed } = props;
  const [error, setError] = useState<{ error: BoardError; detail?: string }>();
  const title = useDraftField({
    id: `board-title:${board.id}`,
    stored: board.title,
    save: renameSave(props.onRename, setError),
    normalize: nameAsStored,
  });
  const [adding, setAdding] = useState<Record<Part, string>>({ subjects: '', aspects: '' });
  const [removing, setRemoving] = useState<{ part: Part; id: string; moveTo: string }>();
  const run = async (outcome: Outcome) => setError(await outcome);

  const partList = (part: Part) => (
    <section class={`edit-${part}`} aria-labelledby={`edit-${part}-title`}>
      <h2 id={`edit-${part}-title`}>{t(part === 'subjects' ? 'subjectsHeading' : 'aspectsHeading')}</h2>
      <ol class="edit-parts">
        {board[part].map((item, index) => (
          <li key={item.id} data-part-id={item.id}>
            <PartName
              boardId={board.id}
              part={part}
              item={item}
              onRename={props.onRenamePart}
              onError={setError}
            />
            <Aliases
              boardId={board.id}
              part={part}
              item={item}
              onSet={props.onSetAliases}
              onError={setError}
            />
            <button
              type="button"
              class="icon-button"
              disabled={index === 0}
              aria-label={`${t('moveUp')}: ${item.name}`}
              onClick={() => props.onMovePart(part, item.id, index - 1)}
            >
              ↑
            </button>
            <button
              type="button"
              class="icon-button"
              disabled={index === board[part].length - 1}
              aria-label={`${t('moveDown')}: ${item.name}`}
              onClick={() => props.onMovePart(part, item.id, index + 1)}
            >
              ↓
            </button>
            <button
              type="button"
              class="plain-button remove-part"
              onClick={() => {
                if ((filed.get(item.id) ?? 0) === 0) void run(props.onRemovePart(part, item.id, null));
                else
                  setRemoving({
                    part,
                    id: item.id,
                    moveTo: board[part].find((p) => p.id !== item.id)?.id ?? '',
                  });
              }}
            >
              {t('remove')}
            </button>
            {removing?.id === item.id && (
              <div class="confirm remove-where" role="alertdialog">
                <label>
                  {t('removeWhere', filed.get(item.id) ?? 0, item.name)}{' '}
                  <select
                    value={removing.moveTo}
                    onChange={(e) => setRemoving({ ...removing, moveTo: e.currentTarget.value })}
                  >
                    {board[part]
                      .filter((p) => p.id !== item.id)
                      .map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.name}
                        </option>
                      ))}
                    <option value="">{t(part === 'aspects' ? 'unsorted' : 'allSubjects')}</option>
                  </select>
                </label>{' '}
                <button
                  type="button"
                  class="danger-button confirm-remove"
                  onClick={() => {
                    void run(props.onRemovePart(part, item.id, removing.moveTo || null));
                    setRemoving(undefined);
                  }}
                >
                  {t('removeConfirm')}
                </button>{' '}
                <button type="button" class="plain-button" onClick={() => setRemoving(undefined)}>
                  {t('cancel')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ol>
      <div class="add-part">
        <input
          type="text"
          class="new-part"
          aria-label={t(part === 'subjects' ? 'newSubjectLabel' : 'newAspectLabel')}
          placeholder={t(part === 'subjects' ? 'newSubjectLabel' : 'newAspectLabel')}
          value={adding[part]}
          onInput={(e) => setAdding({ ...adding, [part]: e.currentTarget.value })}
          onKeyDown={onEnter(() => void addPart(part))}
        />
        <button type="button" class="plain-button add-part-button" onClick={() => void addPart(part)}>
          {t('add')}
        </button>
      </div>
    </section>
  );

  async function addPart(part: Part) {
    const outcome = await props.onAdd(part, adding[part]);
    setError(outcome);
    if (!outcome) setAdding({ ...adding, [part]: '' });
  }

  return (
    <div class="board-editor">
      <label class="board-title-field">
        {t('boardTitleLabel')}
        <input
          type="text"
          class="board-title-input"
          value={title.value}
          onInput={title.onInput}
          onBlur={title.onBlur}
          onKeyDown={(e) => {
            const text = e.currentTarget.value;
            onEnter(() => void title.commit(text))(e);
          }}
        />
      </label>
      <DraftNotice field={title} />
      {error && (
        <p class="form-error" role="alert">
          {t(`boardError_${error.error}`, error.detail ?? '')}
        </p>
      )}
      {partList('subjects')}
      {partList('aspects')}
      <div class="form-actions">
        <button type="button" class="plain-button archive-board" onClick={props.onArchive}>
          {t(board.archivedAt ? 'unarchiveBoard' : 'archiveBoard')}
        </button>
        <button type="button" class="danger-button delete-board" onClick={props.onDelete}>
          {t('deleteBoard')}
        </button>
      </div>
    </div>
  );
}
