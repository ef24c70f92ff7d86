import { useEffect, useState } from 'preact/hooks';
import { type Clip, getDB, readAllLeads, readLeads } from '@/utils/db';

/** Each clip's lead as last read in this panel, with the `updatedAt` of the clip it was read for. */
const read = new Map<string, { stamp: number; lead: string }>();

/**
 * The leads of the Inbox's clips, for its text filter: read only once the filter is used
 * (`wanted`), not when the panel opens (version 9 keeps them out of the clip records, which are
 * what opening reads). Read whole the first time, then only for clips changed since (a new
 * `updatedAt`, or an empty lead: a synced article may come after its clip). Undefined until read.
 */
export function useLeads(clips: Clip[], wanted: boolean): ReadonlyMap<string, string> | undefined {
  const [leads, setLeads] = useState<ReadonlyMap<string, string>>();
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    void (async () => {
      const db = await getDB();
      if (read.size === 0) {
        const all = await readAllLeads(db);
        for (const c of clips) read.set(c.id, { stamp: c.updatedAt, lead: all.get(c.id) ?? '' });
      } else {
        const stale = clips.filter((c) => {
          const had = read.get(c.id);
          return had?.stamp !== c.updatedAt || had.lead === '';
        });
        const fresh = await readLeads(
          db,
          stale.map((c) => c.id),
        );
        for (const c of stale) read.set(c.id, { stamp: c.updatedAt, lead: fresh.get(c.id) ?? '' });
      }
      if (current) setLeads(new Map(clips.map((c) => [c.id, read.get(c.id)?.lead ?? ''])));
    })().catch(() => {
      // A panel closing (its database with it): the filter goes on with the other fields.
    });
    return () => {
      current = false;
    };
  }, [clips, wanted]);
  return wanted ? leads : undefined;
}
