import { type KurabeDatabase, readLeads } from './db';
import type { SuggestClip, TermCounts } from './suggest';
import type { SuggestRequest } from './suggest-run';

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

/** The stored entries of `ids` (those there are), by clip id. */
export async function loadTermCountsOf(
  db: KurabeDatabase,
  ids: readonly string[],
): Promise<Map<string, TermCounts>> {
  const store = db.transaction('settings').store;
  const values = await Promise.all(ids.map((id) => store.get(`${SUGGEST_TERMS_PREFIX}${id}`)));
  const out = new Map<string, TermCounts>();
  ids.forEach((id, i) => {
    const stored = values[i] as StoredTermCounts | undefined;
    if (stored)
      out.set(id, {
        id,
        signature: stored.signature,
        counts: new Map(stored.terms.map((term, j) => [term, stored.counts[j]!])),
      });
  });
  return out;
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

/**
 * A clip as the panel names it to the suggestions (version 9): its id, its title, and its
 * `updatedAt` (`stamp`); its lead, which the clip records the panel holds no longer carry, is read
 * from the `leads` store where the suggestions run (LeadTexts).
 */
export interface SuggestClipRef {
  id: string;
  title: string;
  stamp: number;
}

/** A suggestion request as the panel sends it: clips by reference (SuggestRequest with texts). */
export interface SuggestRefRequest {
  boards: SuggestRequest['boards'];
  placements: SuggestRequest['placements'];
  corpus: SuggestClipRef[];
  targets: SuggestClipRef[];
}

/**
 * The leads the suggestions read, kept between requests: a clip's lead is read again only when
 * its `updatedAt` changed (a clip clipped again gets a new lead and a new stamp), so a request
 * after one new clip reads one lead, not the corpus's thousands. An empty lead is read again at
 * each request: a synced clip record can arrive before its article, whose lead then comes without
 * a new stamp.
 */
export class LeadTexts {
  private readonly byClip = new Map<string, { stamp: number; text: string }>();
  /** How many leads were read from the database (tests count them). */
  reads = 0;

  /** The request with every clip's text (its lead), each clip with its stamp (a model's build). */
  async resolve(db: KurabeDatabase, request: SuggestRefRequest): Promise<SuggestRequest> {
    const [corpus, targets] = await this.texts(db, [request.corpus, request.targets]);
    // A whole request's clips were read: forget the leads of clips it no longer names.
    const keep = new Set([...request.corpus, ...request.targets].map((c) => c.id));
    for (const id of this.byClip.keys()) if (!keep.has(id)) this.byClip.delete(id);
    return { boards: request.boards, placements: request.placements, corpus: corpus!, targets: targets! };
  }

  /**
   * Each list of `lists` with its clips' texts (their leads), reading from the database only the
   * leads not read before for the clip's stamp.
   */
  async texts(db: KurabeDatabase, lists: readonly (readonly SuggestClipRef[])[]): Promise<SuggestClip[][]> {
    const stale = lists.flat().filter((c) => {
      const had = this.byClip.get(c.id);
      return had?.stamp !== c.stamp || had.text === '';
    });
    const ids = [...new Set(stale.map((c) => c.id))];
    if (ids.length) {
      const leads = await readLeads(db, ids);
      this.reads += ids.length;
      for (const c of stale) this.byClip.set(c.id, { stamp: c.stamp, text: leads.get(c.id) ?? '' });
    }
    const withText = (c: SuggestClipRef): SuggestClip => {
      const had = this.byClip.get(c.id);
      return { id: c.id, title: c.title, text: had?.stamp === c.stamp ? had.text : '', stamp: c.stamp };
    };
    return lists.map((list) => list.map(withText));
  }
}
