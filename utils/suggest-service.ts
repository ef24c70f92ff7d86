import type { KurabeDatabase } from './db';
import { TermCountCache } from './suggest';
import { answerSuggestRequest, KeptSuggestionModel, type SuggestAnswer } from './suggest-run';
import { LeadTexts, loadTermCounts, type SuggestRefRequest, saveTermCounts } from './suggest-store';

/**
 * What the suggestion worker keeps and does for one panel (utils/suggest-worker.ts; the panel
 * runs the same on its thread where there is no worker, and the bench measures it): each clip's
 * term counts (read from the database once, stored again when new), the clips' leads (read by id,
 * once per clip version), and the model, updated in pieces between requests.
 */
export class SuggestService {
  readonly cache = new TermCountCache();
  readonly kept = new KeptSuggestionModel();
  readonly leads = new LeadTexts();
  private loaded: Promise<void> | undefined;

  /** The answers to `refs`. */
  async answer(db: KurabeDatabase, refs: SuggestRefRequest): Promise<SuggestAnswer[]> {
    this.loaded ??= loadTermCounts(db)
      .then((entries) => this.cache.load(entries))
      .catch(() => {});
    await this.loaded;
    const request = await this.leads.resolve(db, refs);
    return answerSuggestRequest(request, this.cache, this.kept);
  }

  /**
   * Stores what the last answer counted, for the next panel, and deletes the entries of clips the
   * model no longer reads (after the answer was sent: the panel does not wait for it).
   */
  async store(db: KurabeDatabase, refs: SuggestRefRequest): Promise<void> {
    const keep = new Set([...refs.corpus, ...refs.targets].map((c) => c.id));
    await saveTermCounts(db, this.cache.takeNew(), keep);
  }
}
