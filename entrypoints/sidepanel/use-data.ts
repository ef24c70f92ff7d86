import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { RestoreState, StorageState } from '@/components/DataSafetyView';
import { getDB } from '@/utils/db';
import { formatBytes, t } from '@/utils/i18n';
import { clipsAsMarkdownFiles } from '@/utils/markdown-files';
import { saveFile } from './save-file';

/** The backup code (and valibot) loads when first used: the panel opens without it. */
const loadBackup = () => import('@/utils/backup');

/** What `showDirectoryPicker` gives (Chrome, Edge; not Firefox), as far as Kurabe uses it. */
export interface WritableFolder {
  name: string;
  getFileHandle(
    name: string,
    options: { create: boolean },
  ): Promise<{ createWritable(): Promise<{ write(data: string): Promise<void>; close(): Promise<void> }> }>;
}
type DirectoryPicker = (options: { mode: 'readwrite'; id: string }) => Promise<WritableFolder>;

/** Clips read and written at a time: each body holds an article. */
const FILES_PER_BATCH = 100;

/**
 * Writes every clip of the library into `folder` as a Markdown file (utils/markdown-files.ts),
 * reading the articles a batch at a time. Returns how many files were written.
 */
export async function writeMarkdownFolder(
  folder: WritableFolder,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<number> {
  const db = await getDB();
  const [clips, quotes, boards, placements] = await Promise.all([
    db.getAll('clips'),
    db.getAll('quotes'),
    db.getAll('boards'),
    db.getAll('placements'),
  ]);
  const live = clips.filter((c) => c.deletedAt === undefined);
  const labels = { note: t('markdownNoteHeading'), quotes: t('markdownQuotesHeading') };
  const taken = new Set<string>();
  let written = 0;
  for (let i = 0; i < live.length; i += FILES_PER_BATCH) {
    const batch = live.slice(i, i + FILES_PER_BATCH);
    const bodies = await Promise.all(batch.map((c) => db.get('bodies', c.id)));
    const byId = new Map(bodies.flatMap((b) => (b ? [[b.id, b] as const] : [])));
    for (const file of clipsAsMarkdownFiles(batch, byId, quotes, boards, placements, labels, taken)) {
      const writable = await (await folder.getFileHandle(file.name, { create: true })).createWritable();
      await writable.write(file.content);
      await writable.close();
      written++;
    }
    onProgress(written, live.length);
  }
  return written;
}

/**
 * Backup and restore for the Data tab, and whether the browser keeps the data. `onRestored`
 * reloads what the panel shows after a restore changed the database.
 */
export function useData(onRestored: () => Promise<void>) {
  const [backupMessage, setBackupMessage] = useState<{ text: string; error: boolean }>();
  const [restore, setRestore] = useState<RestoreState>({ kind: 'idle' });
  const [storage, setStorage] = useState<StorageState>({});
  const cancel = useRef<AbortController>(undefined);

  const readStorage = useCallback(async () => {
    if (!navigator.storage) return;
    const [persisted, estimate] = await Promise.all([
      navigator.storage.persisted?.().catch(() => undefined),
      navigator.storage.estimate?.().catch(() => undefined),
    ]);
    setStorage({ persisted, usage: estimate?.usage, quota: estimate?.quota });
  }, []);

  useEffect(() => {
    // Ask once per panel: without it the browser may clear the clips when the disk runs low.
    void (async () => {
      try {
        if (navigator.storage && !(await navigator.storage.persisted())) await navigator.storage.persist();
      } catch {
        // not offered here (a test page): the Data tab says what is known
      }
      await readStorage();
    })();
  }, [readStorage]);

  const exportBackup = useCallback(async () => {
    try {
      const { backupBlob, backupFileName } = await loadBackup();
      const blob = await backupBlob(await getDB(), { appVersion: browser.runtime.getManifest().version });
      const name = backupFileName();
      saveFile(blob, name);
      setBackupMessage({ text: t('backupWritten', name, formatBytes(blob.size)), error: false });
    } catch (error) {
      setBackupMessage({ text: error instanceof Error ? error.message : String(error), error: true });
    }
  }, []);

  const restoreFile = useCallback(
    async (file: File) => {
      cancel.current?.abort();
      const controller = new AbortController();
      cancel.current = controller;
      setRestore({ kind: 'reading', done: 0, total: file.size });
      // Progress is shown at most every 100 ms: a 1 GB file has thousands of chunks.
      let shownAt = 0;
      const { deriveBodyFromHtml, restoreFromStream } = await loadBackup();
      const result = await restoreFromStream(await getDB(), file.stream(), {
        deriveBody: (html) => deriveBodyFromHtml(html),
        signal: controller.signal,
        totalBytes: file.size,
        onProgress: (done, total) => {
          const now = performance.now();
          if (now - shownAt < 100) return;
          shownAt = now;
          setRestore({ kind: 'reading', done, total: total ?? file.size });
        },
      });
      if (cancel.current === controller) cancel.current = undefined;
      setRestore(
        result.ok
          ? { kind: 'restored', summary: result.summary }
          : { kind: 'failed', problems: result.problems },
      );
      if (result.ok) await onRestored();
      await readStorage();
    },
    [onRestored, readStorage],
  );

  const cancelRestore = useCallback(() => cancel.current?.abort(), []);

  const [folderMessage, setFolderMessage] = useState<{ text: string; error: boolean }>();
  const exportMarkdownFolder = useCallback(async () => {
    const pick = (window as { showDirectoryPicker?: DirectoryPicker }).showDirectoryPicker;
    if (!pick) return setFolderMessage({ text: t('markdownFolderUnsupported'), error: true });
    let folder: WritableFolder;
    try {
      folder = await pick({ mode: 'readwrite', id: 'kurabe-markdown' });
    } catch {
      return; // the user closed the picker
    }
    try {
      const written = await writeMarkdownFolder(folder, (done, total) =>
        setFolderMessage({ text: t('markdownFolderProgress', String(done), String(total)), error: false }),
      );
      setFolderMessage({ text: t('markdownFolderWritten', folder.name, String(written)), error: false });
    } catch (error) {
      setFolderMessage({ text: error instanceof Error ? error.message : String(error), error: true });
    }
  }, []);

  return {
    backupMessage,
    exportBackup,
    restore,
    restoreFile,
    cancelRestore,
    storage,
    folderMessage,
    exportMarkdownFolder,
  };
}
