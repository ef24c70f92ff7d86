import type { Board, CellSource, Placement } from './db';
import { cutToLimit, LIMITS } from './limits';

/**
 * Pure operations on comparison boards: each takes a board (and its placements where they
 * move) and returns new values or a reason why not; nothing is changed in place. The database
 * module stores what they return.
 */

/** Why an operation was refused; each has a message `boardError_<reason>` in the locales. */
export type BoardError =
  | 'emptyName'
  | 'nameTooLong'
  | 'duplicateName'
  | 'tooFewSubjects'
  | 'tooManySubjects'
  | 'tooManyAspects'
  | 'tooManyAliases'
  | 'notFound';

export type Result<T> = { ok: true; value: T } | { ok: false; error: BoardError; detail?: string };

/** Longer names are refused: they would not fit a table header or a section title. */
export const MAX_NAME_LENGTH = LIMITS.nameLength;
/** A board has at most this many subjects and aspects (a backup past them is refused too). */
export const MAX_PARTS = { subjects: LIMITS.subjectsPerBoard, aspects: LIMITS.aspectsPerBoard } as const;
const TOO_MANY = { subjects: 'tooManySubjects', aspects: 'tooManyAspects' } as const;

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(error: BoardError, detail?: string): Result<T> => ({ ok: false, error, detail });

/** A name as stored: white space collapsed, trimmed; refused when empty or too long. */
export function cleanName(name: string): Result<string> {
  const clean = name.replace(/\s+/g, ' ').trim();
  if (!clean) return fail('emptyName');
  if ([...clean].length > MAX_NAME_LENGTH) return fail('nameTooLong');
  return ok(clean);
}

/** Names compare as a reader would: width, case and spacing aside (「ＡＢＣ」 = 「abc」). */
const nameKey = (name: string) => name.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

function cleanNames(names: string[]): Result<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const clean = cleanName(name);
    if (!clean.ok) return clean as Result<string[]>;
    const key = nameKey(clean.value);
    if (seen.has(key)) return fail('duplicateName', clean.value);
    seen.add(key);
    out.push(clean.value);
  }
  return ok(out);
}

export interface NewBoard {
  title: string;
  subjects: string[];
  aspects: string[];
}

/** A new board: a title, two or more distinct subjects, any number of distinct aspects. */
export function createBoard(
  input: NewBoard,
  { newId, now, order }: { newId: () => string; now: number; order: string },
): Result<Board> {
  const title = cleanName(input.title);
  if (!title.ok) return title as Result<Board>;
  const subjects = cleanNames(input.subjects.filter((s) => s.trim()));
  if (!subjects.ok) return subjects as Result<Board>;
  if (subjects.value.length < 2) return fail('tooFewSubjects');
  if (subjects.value.length > MAX_PARTS.subjects) return fail(TOO_MANY.subjects, String(MAX_PARTS.subjects));
  const aspects = cleanNames(input.aspects.filter((a) => a.trim()));
  if (!aspects.ok) return aspects as Result<Board>;
  if (aspects.value.length > MAX_PARTS.aspects) return fail(TOO_MANY.aspects, String(MAX_PARTS.aspects));
  return ok({
    id: newId(),
    title: title.value,
    subjects: subjects.value.map((name) => ({ id: newId(), name })),
    aspects: aspects.value.map((name) => ({ id: newId(), name })),
    cellNotes: {},
    order,
    updatedAt: now,
  });
}

export function renameBoard(board: Board, title: string, now: number): Result<Board> {
  const clean = cleanName(title);
  if (!clean.ok) return clean as Result<Board>;
  return ok({ ...board, title: clean.value, updatedAt: now });
}

type Part = 'subjects' | 'aspects';

/** Adds a subject or aspect at the end. */
export function addPart(
  board: Board,
  part: Part,
  name: string,
  { newId, now }: { newId: () => string; now: number },
): Result<Board> {
  const clean = cleanName(name);
  if (!clean.ok) return clean as Result<Board>;
  if (board[part].some((p) => nameKey(p.name) === nameKey(clean.value)))
    return fail('duplicateName', clean.value);
  if (board[part].length >= MAX_PARTS[part]) return fail(TOO_MANY[part], String(MAX_PARTS[part]));
  return ok({ ...board, [part]: [...board[part], { id: newId(), name: clean.value }], updatedAt: now });
}

export function renamePart(board: Board, part: Part, id: string, name: string, now: number): Result<Board> {
  const clean = cleanName(name);
  if (!clean.ok) return clean as Result<Board>;
  if (!board[part].some((p) => p.id === id)) return fail('notFound');
  if (board[part].some((p) => p.id !== id && nameKey(p.name) === nameKey(clean.value)))
    return fail('duplicateName', clean.value);
  return ok({
    ...board,
    [part]: board[part].map((p) => (p.id === id ? { ...p, name: clean.value } : p)),
    updatedAt: now,
  });
}

/**
 * Sets a subject's or an aspect's aliases (別名) from what the user typed: names separated by
 * 「、」, commas or new lines, each cleaned as a name; repeats and the part's own name dropped
 * (compared as names are: width, case and spacing aside). At most LIMITS.aliasesPerPart.
 */
export function setAliases(board: Board, part: Part, id: string, typed: string, now: number): Result<Board> {
  const item = board[part].find((p) => p.id === id);
  if (!item) return fail('notFound');
  const aliases: string[] = [];
  const seen = new Set([nameKey(item.name)]);
  for (const raw of typed.split(/[、,，\n]/)) {
    if (!raw.trim()) continue;
    const clean = cleanName(raw);
    if (!clean.ok) return clean as Result<Board>;
    if (seen.has(nameKey(clean.value))) continue;
    seen.add(nameKey(clean.value));
    aliases.push(clean.value);
  }
  if (aliases.length > LIMITS.aliasesPerPart) return fail('tooManyAliases', String(LIMITS.aliasesPerPart));
  return ok({
    ...board,
    [part]: board[part].map((p) => {
      if (p.id !== id) return p;
      const { aliases: _, ...rest } = p;
      return aliases.length ? { ...rest, aliases } : rest;
    }),
    updatedAt: now,
  });
}

/** Moves a subject or aspect to position `to` (display order is array order). */
export function movePart(board: Board, part: Part, id: string, to: number, now: number): Result<Board> {
  const from = board[part].findIndex((p) => p.id === id);
  if (from < 0) return fail('notFound');
  const list = [...board[part]];
  const [item] = list.splice(from, 1);
  list.splice(Math.max(0, Math.min(to, list.length)), 0, item!);
  return ok({ ...board, [part]: list, updatedAt: now });
}

/** What removing a subject or aspect did: the board, and the placements that changed. */
export interface Removal {
  board: Board;
  moved: Placement[];
}

/**
 * Removes a subject or aspect. Its clips are not lost: their placements move to `moveTo` (another
 * subject/aspect of the board) or, without one, stay on the board unsorted. Its cell notes go. A
 * board keeps at least two subjects.
 */
export function removePart(
  board: Board,
  placements: Placement[],
  part: Part,
  id: string,
  moveTo: string | null,
  now: number,
): Result<Removal> {
  if (!board[part].some((p) => p.id === id)) return fail('notFound');
  if (part === 'subjects' && board.subjects.length <= 2) return fail('tooFewSubjects');
  if (moveTo !== null && (moveTo === id || !board[part].some((p) => p.id === moveTo)))
    return fail('notFound');
  const key = part === 'aspects' ? 'aspectId' : 'subjectId';
  const moved = placements
    .filter((p) => p.boardId === board.id && p[key] === id)
    .map((p) => {
      const next: Placement = { ...p };
      if (moveTo === null) delete next[key];
      else next[key] = moveTo;
      return next;
    });
  const cellNotes =
    part === 'aspects'
      ? Object.fromEntries(Object.entries(board.cellNotes).filter(([aspectId]) => aspectId !== id))
      : Object.fromEntries(
          Object.entries(board.cellNotes).map(([aspectId, row]) => [
            aspectId,
            Object.fromEntries(Object.entries(row).filter(([subjectId]) => subjectId !== id)),
          ]),
        );
  return ok({
    board: { ...board, [part]: board[part].filter((p) => p.id !== id), cellNotes, updatedAt: now },
    moved,
  });
}

/** Sets (or clears, with '') the comparison table's cell for an aspect and a subject. */
export function setCellNote(
  board: Board,
  aspectId: string,
  subjectId: string,
  note: string,
  now: number,
): Result<Board> {
  if (!board.aspects.some((a) => a.id === aspectId) || !board.subjects.some((s) => s.id === subjectId))
    return fail('notFound');
  const row = { ...(board.cellNotes[aspectId] ?? {}) };
  // Cut, as every note is, at LIMITS.noteLength (the backup schema's limit).
  const text = cutToLimit(note.trim(), LIMITS.noteLength);
  if (text) row[subjectId] = text;
  else delete row[subjectId];
  return ok({ ...board, cellNotes: { ...board.cellNotes, [aspectId]: row }, updatedAt: now });
}

/**
 * Inserts a candidate sentence (候補文) into a cell of the comparison table: appended to the cell's
 * text on a line of its own, its source (a clip, or a quote of it) added to the sources the cell
 * cites (once; at most LIMITS.sourcesPerCell), so the export cites it as a footnote.
 */
export function insertCandidate(
  board: Board,
  aspectId: string,
  subjectId: string,
  sentence: string,
  source: CellSource,
  now: number,
): Result<Board> {
  const before = board.cellNotes[aspectId]?.[subjectId] ?? '';
  const noted = setCellNote(board, aspectId, subjectId, before ? `${before}\n${sentence}` : sentence, now);
  if (!noted.ok) return noted;
  const cited = board.cellSources?.[aspectId]?.[subjectId] ?? [];
  const same = (c: CellSource) => c.clipId === source.clipId && c.quoteId === source.quoteId;
  const sources =
    cited.some(same) || cited.length >= LIMITS.sourcesPerCell
      ? cited
      : [...cited, source.quoteId === undefined ? { clipId: source.clipId } : { ...source }];
  return ok({
    ...noted.value,
    cellSources: {
      ...board.cellSources,
      [aspectId]: { ...(board.cellSources?.[aspectId] ?? {}), [subjectId]: sources },
    },
  });
}
