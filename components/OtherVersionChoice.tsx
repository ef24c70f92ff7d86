import { createContext } from 'preact';
import { useContext, useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { LIMITS } from '@/utils/limits';
import type { OtherVersion } from '@/utils/sync/mirror';

/**
 * The other versions sync kept (「別の端末での変更」, docs/sync.md), as the panel knows them: found
 * by the document and field they belong to, and resolved (the `conflict:` document deleted, which
 * the next sync takes to every device). Outside a panel with sync set up, there are none.
 */
export interface OtherVersions {
  find(docId: string, field: string): OtherVersion | undefined;
  resolve(version: OtherVersion): Promise<void>;
}

export const OtherVersionsContext = createContext<OtherVersions>({
  find: () => undefined,
  resolve: async () => {},
});

/** The text a merge starts from: this device's, then the other device's, a blank line between. */
export function mergedText(mine: string, other: string): string {
  const joined = mine.trim() === '' ? other : other.trim() === '' ? mine : `${mine}\n\n${other}`;
  return [...joined].slice(0, LIMITS.noteLength).join('');
}

interface OtherVersionChoiceProps {
  /** The entity's document (`clip:<id>`, `board:<id>`, …) and the field (`note`, `cell:<aspect>:<subject>`). */
  docId: string;
  field: string;
  /** What the field holds on this device (the sync's winner, or what was typed since). */
  mine: string;
  /** Writes the field (the same save as typing in it). */
  onSave: (text: string) => Promise<unknown>;
}

/**
 * Under a note whose text another device changed too: both versions side by side, and a choice —
 * keep this device's, take the other's, or merge them (both texts joined in an editable field).
 * Whatever is chosen, the other version is resolved everywhere after the next sync.
 */
export function OtherVersionChoice({ docId, field, mine, onSave }: OtherVersionChoiceProps) {
  const versions = useContext(OtherVersionsContext);
  const version = versions.find(docId, field);
  const [merging, setMerging] = useState<string>();
  const [busy, setBusy] = useState(false);
  // The merged text as the field holds it at the click (a render may not have followed the last key).
  const mergedField = useRef<HTMLTextAreaElement>(null);
  if (!version) return null;
  const settle = async (text?: string) => {
    setBusy(true);
    try {
      if (text !== undefined && text !== mine) await onSave(text);
      await versions.resolve(version);
      setMerging(undefined);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="other-version" aria-label={t('otherVersionTitle')}>
      <p class="other-version-title">{t('otherVersionTitle')}</p>
      <div class="other-version-texts">
        <div class="other-version-mine">
          <span class="other-version-label">{t('otherVersionMine')}</span>
          <p class="other-version-text">{mine || t('otherVersionEmpty')}</p>
        </div>
        <div class="other-version-theirs">
          <span class="other-version-label">{t('otherVersionTheirs')}</span>
          <p class="other-version-text">{version.text}</p>
        </div>
      </div>
      {merging === undefined ? (
        <div class="other-version-actions">
          <button type="button" class="other-version-keep" disabled={busy} onClick={() => void settle()}>
            {t('otherVersionKeep')}
          </button>
          <button
            type="button"
            class="other-version-take"
            disabled={busy}
            onClick={() => void settle(version.text)}
          >
            {t('otherVersionTake')}
          </button>
          <button
            type="button"
            class="other-version-merge"
            disabled={busy}
            onClick={() => setMerging(mergedText(mine, version.text))}
          >
            {t('otherVersionMerge')}
          </button>
        </div>
      ) : (
        <div class="other-version-merging">
          <textarea
            ref={mergedField}
            class="other-version-merged"
            rows={4}
            maxLength={LIMITS.noteLength}
            aria-label={t('otherVersionMergedLabel')}
            value={merging}
            onInput={(e) => setMerging(e.currentTarget.value)}
          />
          <div class="other-version-actions">
            <button
              type="button"
              class="other-version-save-merged"
              disabled={busy}
              onClick={() => void settle(mergedField.current?.value ?? merging)}
            >
              {t('otherVersionSaveMerged')}
            </button>
            <button type="button" class="link-button" disabled={busy} onClick={() => setMerging(undefined)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
