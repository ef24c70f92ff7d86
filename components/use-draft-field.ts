import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/**
 * What a save did: the text it replaced (read in the same transaction as the write), so the field
 * can tell the user that another panel had changed it meanwhile; or `refused` (a name the board
 * rules refuse, say), and the draft stays in the field.
 */
export type DraftSaved = { replaced?: string; refused?: boolean } | undefined;

// Fields holding text not yet saved, each with the function that saves it. One pair of listeners
// for the whole page saves them all when the panel is hidden or closed.
const unsaved = new Set<() => void>();
let listening = false;

/** Saves every field with unsaved text (the panel is being hidden or closed). */
export function saveAllDrafts(): void {
  for (const save of [...unsaved]) save();
}

function listenForLeaving(): void {
  if (listening) return;
  listening = true;
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') saveAllDrafts();
  });
  // A closed panel fires pagehide (visibilitychange too in Chromium; both are harmless together:
  // a save already under way is not started twice).
  window.addEventListener('pagehide', saveAllDrafts);
}

/**
 * Returns a switch: while it is on, `save` runs when the panel is hidden or closed, and when the
 * component unmounts (its view replaced while the field had the focus). Set synchronously as
 * the user types, so a panel closed right after a keystroke still saves it.
 */
export function useSaveOnLeave(save: () => void): (pending: boolean) => void {
  const latest = useRef(save);
  latest.current = save;
  const pending = useRef(false);
  const [entry] = useState(() => () => latest.current());
  const setPending = useCallback(
    (on: boolean) => {
      pending.current = on;
      if (!on) return void unsaved.delete(entry);
      listenForLeaving();
      unsaved.add(entry);
    },
    [entry],
  );
  useEffect(
    () => () => {
      unsaved.delete(entry);
      if (pending.current) latest.current();
    },
    [entry],
  );
  return setPending;
}

interface Draft {
  /** The field the text was typed in (a record and its field). */
  id: string;
  text: string;
  /** What the field showed when the typing began: what "changed elsewhere" is measured against. */
  base: string;
  /** The save of that field, as it was when typed in. */
  save: (text: string) => Promise<DraftSaved>;
}

export interface DraftFieldOptions {
  /**
   * Which record and field this is. When it changes (the same component now shows another
   * record), the draft of the old one is saved first.
   */
  id: string;
  /** The value as last read from the database; it changes when any panel saves. */
  stored: string;
  /** Writes the text (a read-modify-write of this one field) and says what it replaced. */
  save: (text: string) => Promise<DraftSaved>;
  /** How the store keeps the text (trimmed, say), so an unchanged field is not written. */
  normalize?: (text: string) => string;
}

export interface DraftField {
  /** What the field shows: the draft while there is one, else the stored value. */
  value: string;
  onInput: (event: { currentTarget: { value: string } }) => void;
  /** Leaving the field saves it. */
  onBlur: (event: { currentTarget: { value: string } }) => void;
  /** Saves now (Enter in a one-line field), `text` being what the field holds. */
  commit: (text?: string) => Promise<void>;
  /** Set when the save replaced a value another panel had written since the typing began. */
  conflict?: { other: string };
  /** Puts the other panel's value back (and saves it). */
  useOther: () => void;
  dismiss: () => void;
}

const same = (text: string) => text;

/**
 * A text field whose typing survives everything else: other panels saving (every panel reloads
 * and re-renders on their broadcast), the stored value changing under it, its component
 * re-rendering. The draft is the field's own until it is left (blur), saved with Enter where the
 * field says so, or the panel is hidden or closed; then it is saved as one field, and if the
 * same field had been changed elsewhere meanwhile, `conflict` says what the other value was.
 * A field that is focused but not typed in follows the stored value.
 */
export function useDraftField({ id, stored, save, normalize = same }: DraftFieldOptions): DraftField {
  const [draft, setDraft] = useState<Draft>();
  // After a save, the saved text stays shown until the stored value changes (the panel's reload),
  // so the field does not flash back to the old value meanwhile.
  const [shown, setShown] = useState<{ id: string; text: string; whileStored: string }>();
  const [conflict, setConflict] = useState<{ id: string; other: string }>();
  const draftRef = useRef<Draft>(undefined);
  const saving = useRef<{ draft: Draft; done: Promise<void> }>(undefined);
  const latest = useRef({ id, stored, save, normalize });
  latest.current = { id, stored, save, normalize };

  const ownDraft = draft?.id === id ? draft : undefined;
  const value = ownDraft?.text ?? (shown?.id === id && shown.whileStored === stored ? shown.text : stored);
  const valueRef = useRef(value);
  valueRef.current = value;
  const setPending = useSaveOnLeave(() => void flush());

  const put = (next: Draft | undefined) => {
    draftRef.current = next;
    setDraft(next);
    setPending(next !== undefined);
  };

  const flush = (text?: string): Promise<void> => {
    const { id: fieldId, save: fieldSave } = latest.current;
    // Text from the field itself belongs to the record shown now, never to a draft of another.
    const current = text === undefined || draftRef.current?.id === fieldId ? draftRef.current : undefined;
    const typed: Draft | undefined =
      current ??
      (text === undefined ? undefined : { id: fieldId, text, base: valueRef.current, save: fieldSave });
    if (!typed) return Promise.resolve();
    const pending: Draft = text === undefined || text === typed.text ? typed : { ...typed, text };
    if (saving.current?.draft === pending) return saving.current.done;
    const { normalize: norm } = latest.current;
    if (norm(pending.text) === norm(pending.base)) {
      if (draftRef.current === current) put(undefined);
      return Promise.resolve();
    }
    if (pending !== current) put(pending);
    const done = (async () => {
      let outcome: DraftSaved;
      try {
        outcome = await pending.save(pending.text);
      } catch (error) {
        // Not written (the record went, the disk is full): the text stays in the field.
        console.error(error);
        outcome = { refused: true };
      } finally {
        if (saving.current?.draft === pending) saving.current = undefined;
      }
      if (outcome?.refused) return;
      const stillTyping = draftRef.current !== pending;
      // Typed on while it saved: the newer text stays a draft, now measured against this save.
      if (stillTyping && draftRef.current) put({ ...draftRef.current, base: pending.text });
      else put(undefined);
      setShown({ id: pending.id, text: pending.text, whileStored: latest.current.stored });
      const replaced = outcome?.replaced;
      if (
        replaced !== undefined &&
        norm(replaced) !== norm(pending.base) &&
        norm(replaced) !== norm(pending.text)
      )
        setConflict({ id: pending.id, other: replaced });
    })();
    saving.current = { draft: pending, done };
    return done;
  };

  // Another record in the same component: the old record's draft is saved with its own save.
  useEffect(
    () => () => {
      if (draftRef.current && draftRef.current.id !== latest.current.id) void flush();
    },
    [id],
  );

  const ownConflict = conflict?.id === id ? conflict : undefined;
  return {
    value,
    onInput: (event) => {
      const text = event.currentTarget.value;
      const current = draftRef.current?.id === id ? draftRef.current : undefined;
      put({ id, text, base: current?.base ?? valueRef.current, save: latest.current.save });
      setConflict(undefined);
    },
    onBlur: (event) => void flush(event.currentTarget.value),
    commit: (text) => flush(text),
    conflict: ownConflict && { other: ownConflict.other },
    useOther: () => {
      if (!ownConflict) return;
      setConflict(undefined);
      put({ id, text: ownConflict.other, base: valueRef.current, save: latest.current.save });
      void flush();
    },
    dismiss: () => setConflict(undefined),
  };
}
