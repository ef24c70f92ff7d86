import type { KurabeDatabase } from './db';
import type { TermCounts } from './suggest';

/**
 * Each clip's term counts for suggestions, kept in the `settings` store under
 * `suggest-terms:<clip id>` so that a panel that opens reads them instead of tokenizing every
 * filed clip again (about 7 ms a clip: minutes at 25,000 filed clips). A cache, not the user's
 * data: backups leave these keys out (only LIBRARY_SETTINGS go in), an entry whose clip changed
 * is counted again (its signature differs), and one whose clip is gone is deleted when the model
 * no longer reads it.
 */
export const SUGGEST_TERMS_PREFIX = 'suggest-terms:';

interface StoredTermCounts {
  signature: string;
  /** Terms and their counts, side by side (smaller than a Map's structured clone). */
  terms: string[];
  counts: number[];
}

const allKeys = () => IDBKeyRange.bound(SUGGEST_TERMS_PREFIX, `${SUGGEST_TERMS_PREFIX}\uffff`);

/** Every stored entry. */
export async function loadTermCounts(db: KurabeDatabase): Promise<TermCounts[]> {
  const tx = db.transaction('settings');
  const [keys, values] = await Promise.all([tx.store.getAllKeys(allKeys()), tx.store.getAll(allKeys())]);
  return keys.map((key, i) => {
    const stored = values[i] as StoredTermCounts;
    return {
      id: String(key).slice(SUGGEST_TERMS_PREFIX.length),
      signature: stored.signature,
      counts: new Map(stored.terms.map((term, j) => [term, stored.counts[j]!])),
    };
  });
}

/** Stores `entries`, and deletes the entries of clips not in `keep` (when given). */
export async function saveTermCounts(
  db: KurabeDatabase,
  entries: TermCounts[],
  keep?: Set<string>,
): Promise<void> {
  const tx = db.transaction('settings', 'readwrite');
  for (const { id, signature, counts } of entries) {
    const stored: StoredTermCounts = { signature, terms: [...counts.keys()], counts: [...counts.values()] };
    void tx.store.put(stored, `${SUGGEST_TERMS_PREFIX}${id}`);
  }
  if (keep) {
    for (const key of await tx.store.getAllKeys(allKeys()))
      if (!keep.has(String(key).slice(SUGGEST_TERMS_PREFIX.length))) void tx.store.delete(key);
  }
  await tx.done;
}
