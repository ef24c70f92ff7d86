import { getSetting, type KurabeDatabase } from './db';
import { TermCountCache, type TermCounts } from './suggest';
import {
  answerSuggestRequest,
  answerTargets,
  KeptSuggestionModel,
  type StoredKeptModel,
  type SuggestAnswer,
} from './suggest-run';
import {
  LeadTexts,
  loadTermCounts,
  loadTermCountsOf,
  type SuggestRefRequest,
  saveTermCounts,
} from './suggest-store';

/**
 * Where the kept suggestion model is stored between panels, in `settings` (a cache, not the
 * user's data: backups and sync carry library settings only). The boards' profiles, written after
 * a build, apart from the rest (the IDF's frequencies, the corpus's versions), written after each
 * change: a new clip rewrites the smaller record only. `build` ties the two to one build.
 */
export const SUGGEST_MODEL_KEY = 'suggest-model';
export const SUGGEST_PROFILES_KEY = 'suggest-model:profiles';
/** The stored shape's number: a record of another is ignored (the model is built again). */
const STORED_FORMAT = 1;

interface StoredRest extends Omit<StoredKeptModel, 'profiles'> {
  format: number;
  build: string;
}
interface StoredProfiles {
  format: number;
  build: string;
  profiles: StoredKeptModel['profiles'];
}

/**
 * What the suggestion worker keeps and does for one panel (utils/suggest-worker.ts; the panel
 * runs the same on its thread where there is no worker, and the bench measures it): the model,
 * kept between requests and stored for the next panel, which reopens it rather than building it
 * from every clip; each clip's term counts (stored, read by id as needed); and the clips' leads,
 * read by id, once per clip version. A request reads the leads and counts of the clips that
 * changed and of its targets only, unless the model must be built (boards or cells changed, or
 * the corpus drifted): then every clip's, as before.
 */
export class SuggestService {
  readonly cache = new TermCountCache();
  readonly kept = new KeptSuggestionModel();
  readonly leads = new LeadTexts();
  /** Whether every stored term count was read (a build reads them all, once). */
  private allCounts: Promise<void> | undefined;
  private reopened = false;
  /** The build the stored profiles are of. */
  private build = '';

  /** The answers to `refs`. */
  async answer(db: KurabeDatabase, refs: SuggestRefRequest): Promise<SuggestAnswer[]> {
    if (refs.boards.length === 0 || refs.targets.length === 0) return [];
    if (!this.reopened) {
      this.reopened = true;
      await this.reopen(db, refs).catch(() => {});
    }
    // The plan needs no text: clips are told by their stamps.
    let previous: ReadonlyMap<string, TermCounts> = new Map();
    let plan = this.kept.plan(refs);
    if (!plan.build && plan.needCounts.length) {
      previous = await loadTermCountsOf(db, plan.needCounts);
      plan = this.kept.plan(refs, previous);
    }
    if (plan.build) {
      this.allCounts ??= loadTermCounts(db)
        .then((entries) => this.cache.load(entries))
        .catch(() => {});
      await this.allCounts;
      return answerSuggestRequest(await this.leads.resolve(db, refs), this.cache, this.kept, previous);
    }
    // The model is updated in pieces: only the changed clips and the targets need their texts
    // (at 10,000 clips, giving all 5,300 corpus clips a text object again was a third of a new
    // clip's time).
    const needed = [...plan.changed, ...refs.targets];
    if (!this.allCounts) {
      // Counted before (by this panel or the last): read, not tokenized again.
      const unknown = [...new Set(needed.map((c) => c.id))].filter((id) => !this.cache.has(id));
      if (unknown.length) this.cache.load((await loadTermCountsOf(db, unknown)).values());
    }
    const [changed, targets] = await this.leads.texts(db, [plan.changed, refs.targets]);
    const model = this.kept.apply({ ...plan, changed: changed! }, this.cache, previous);
    return answerTargets(model, targets!, refs.corpus, this.cache, this.kept);
  }

  /**
   * Stores what the last answer counted and the model as it is now, for the next panel, and
   * deletes the term counts of clips the model no longer reads (after the answer was sent: the
   * panel does not wait for it).
   */
  async store(db: KurabeDatabase, refs: SuggestRefRequest): Promise<void> {
    const keep = new Set([...refs.corpus, ...refs.targets].map((c) => c.id));
    await saveTermCounts(db, this.cache.takeNew(), keep);
    const stored = this.kept.stored();
    if (!stored) return;
    const tx = db.transaction('settings', 'readwrite');
    if (stored.profiles) {
      this.build = crypto.randomUUID();
      const profiles: StoredProfiles = {
        format: STORED_FORMAT,
        build: this.build,
        profiles: stored.profiles,
      };
      void tx.store.put(profiles, SUGGEST_PROFILES_KEY);
    }
    const rest: StoredRest = { format: STORED_FORMAT, build: this.build, ...stored.rest };
    void tx.store.put(rest, SUGGEST_MODEL_KEY);
    await tx.done;
  }

  /** Takes up the model the last panel stored, when it is whole and of these placements. */
  private async reopen(db: KurabeDatabase, refs: SuggestRefRequest): Promise<void> {
    const [rest, profiles] = await Promise.all([
      getSetting<StoredRest>(db, SUGGEST_MODEL_KEY),
      getSetting<StoredProfiles>(db, SUGGEST_PROFILES_KEY),
    ]);
    if (!rest || !profiles || rest.format !== STORED_FORMAT || profiles.format !== STORED_FORMAT) return;
    if (rest.build !== profiles.build) return; // written by two builds: not one model
    if (this.kept.reopen({ ...rest, profiles: profiles.profiles }, refs.placements)) this.build = rest.build;
  }
}
