import { useCallback, useEffect, useState } from 'preact/hooks';
import type { RestoreState, StorageState } from '@/components/DataSafetyView';
import { getDB } from '@/utils/db';
import { formatBytes, t } from '@/utils/i18n';
import type { WritableFolder } from '@/utils/markdown-files';
import { useKept, useKeptObject } from './kept-state';
import { saveFile } from './save-file';
import { restoreInWorker } from './stage-in-worker';

/** The backup code (and valibot) loads when first used: the panel opens without it. */
const loadBackup = () => import('@/utils/backup');
/** So does the Markdown folder export (and Turndown, which makes each article's Markdown). */
const loadMarkdownFiles = () => import('@/utils/markdown-files');

type DirectoryPicker = (options: { mode: 'readwrite'; id: string }) => Promise<WritableFolder>;

/**
 * Backup and restore for the Data tab, and whether the browser keeps the data. `onRestored`
 * reloads what the panel shows after a restore changed the database; `persistence` settles once
 * the browser was asked to keep the data. The messages and a restore under way are kept while
 * other tabs show (a restore goes on, and its progress shows when the tab comes back).
 */
export function useData(onRestored: () => Promise<void>, persistence: Promise<void>) {
  const [backupMessage, setBackupMessage] = useKept<{ text: string; error: boolean } | undefined>(
    'backupMessage',
    undefined,
  );
  const [restore, setRestore] = useKept<RestoreState>('restore', { kind: 'idle' });
  const [storage, setStorage] = useState<StorageState>({});
  const cancel = useKeptObject<{ current?: AbortController }>('restoreCancel', () => ({}));

  const readStorage = useCallback(async () => {
    if (!navigator.storage) return;
    const [persisted, estimate] = await Promise.all([
      navigator.storage.persisted?.().catch(() => undefined),
      navigator.storage.estimate?.().catch(() => undefined),
    ]);
    setStorage({ persisted, usage: estimate?.usage, quota: estimate?.quota });
  }, []);

  useEffect(() => {
    // What is known now first: Firefox answers persist() only when the person has chosen in its
    // permission prompt, which may be never. Then again once the panel's request is answered
    // (library-store.ts).
    void readStorage();
    void persistence.then(readStorage);
  }, [persistence, readStorage]);

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
  }, [setBackupMessage]);

  const restoreFile = useCallback(
    async (file: File) => {
      cancel.current?.abort();
      const controller = new AbortController();
      cancel.current = controller;
      setRestore({ kind: 'reading', done: 0, total: file.size });
      // Progress is shown at most every 100 ms: a 1 GB file has thousands of chunks.
      let shownAt = 0;
      const { deriveBodyFromHtml, restoreFromStream } = await loadBackup();
      const inWorker = restoreInWorker(file, controller.signal);
      const result = await restoreFromStream(await getDB(), file.stream(), {
        // Read, validated and written in a worker; the bodies derived here (they need the DOM),
        // in slices, between the two.
        stage: inWorker?.stage,
        apply: inWorker?.apply,
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
      inWorker?.close();
      if (cancel.current === controller) cancel.current = undefined;
      setRestore(
        result.ok
          ? { kind: 'restored', summary: result.summary }
          : { kind: 'failed', problems: result.problems },
      );
      if (result.ok) await onRestored();
      await readStorage();
    },
    [onRestored, readStorage, cancel, setRestore],
  );

  const cancelRestore = useCallback(() => cancel.current?.abort(), [cancel]);

  const [folderMessage, setFolderMessage] = useKept<{ text: string; error: boolean } | undefined>(
    'folderMessage',
    undefined,
  );
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
      const labels = { note: t('markdownNoteHeading'), quotes: t('markdownQuotesHeading') };
      const { writeMarkdownFolder } = await loadMarkdownFiles();
      const written = await writeMarkdownFolder(await getDB(), folder, labels, (done, total) =>
        setFolderMessage({ text: t('markdownFolderProgress', String(done), String(total)), error: false }),
      );
      setFolderMessage({ text: t('markdownFolderWritten', folder.name, String(written)), error: false });
    } catch (error) {
      setFolderMessage({ text: error instanceof Error ? error.message : String(error), error: true });
    }
  }, [setFolderMessage]);

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
