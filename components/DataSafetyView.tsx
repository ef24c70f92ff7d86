import type { ComponentChildren } from 'preact';
import type { BackupProblem, RestoreSummary } from '@/utils/backup';
import { formatBytes, formatNumber, type MessageKey, t } from '@/utils/i18n';

export type RestoreState =
  | { kind: 'idle' }
  | { kind: 'reading'; done: number; total: number }
  | { kind: 'restored'; summary: RestoreSummary }
  | { kind: 'failed'; problems: BackupProblem[] };

export interface StorageState {
  /** Whether the browser agreed to keep this data (navigator.storage.persist); unknown at first. */
  persisted?: boolean;
  usage?: number;
  quota?: number;
}

interface DataSafetyViewProps {
  onExportBackup: () => void;
  /** What the last backup export did, or why it failed. */
  backupMessage?: { text: string; error: boolean };
  onRestore: (file: File) => void;
  onCancelRestore: () => void;
  restore: RestoreState;
  storage: StorageState;
  onExportMarkdownFolder: () => void;
  folderMessage?: { text: string; error: boolean };
  /** More sections (sync set-up), after storage. */
  children?: ComponentChildren;
}

/** Backup, restore and storage: the data-safety page of the panel. */
export function DataSafetyView({
  onExportBackup,
  backupMessage,
  onRestore,
  onCancelRestore,
  restore,
  storage,
  onExportMarkdownFolder,
  folderMessage,
  children,
}: DataSafetyViewProps) {
  return (
    <section class="data-view" aria-labelledby="data-title">
      <h1 id="data-title" class="visually-hidden">
        {t('tabData')}
      </h1>
      <section class="data-section">
        <h2>{t('backupHeading')}</h2>
        <p class="muted">{t('backupExplain')}</p>
        <button type="button" class="primary-button export-backup" onClick={onExportBackup}>
          {t('exportBackup')}
        </button>
        {backupMessage && (
          <p class={backupMessage.error ? 'form-error backup-message' : 'backup-message'} role="status">
            {backupMessage.text}
          </p>
        )}
      </section>
      <section class="data-section">
        <h2>{t('markdownFolderHeading')}</h2>
        <p class="muted">{t('markdownFolderExplain')}</p>
        <button type="button" class="plain-button export-markdown-folder" onClick={onExportMarkdownFolder}>
          {t('exportMarkdownFolder')}
        </button>
        {folderMessage && (
          <p class={folderMessage.error ? 'form-error folder-message' : 'folder-message'} role="status">
            {folderMessage.text}
          </p>
        )}
      </section>
      <section class="data-section">
        <h2>{t('restoreHeading')}</h2>
        <p class="muted">{t('restoreExplain')}</p>
        <label class="plain-button restore-choose">
          {t('restoreChoose')}
          <input
            type="file"
            class="restore-file visually-hidden"
            accept=".jsonl,.ndjson,application/x-ndjson,application/jsonl"
            disabled={restore.kind === 'reading'}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = ''; // choosing the same file again restores again
              if (file) onRestore(file);
            }}
          />
        </label>
        {restore.kind === 'reading' && (
          <p class="restore-progress" role="status">
            <progress max={restore.total || undefined} value={restore.done} />{' '}
            {t('restoreProgress', formatBytes(restore.done), formatBytes(restore.total))}{' '}
            <button type="button" class="plain-button restore-cancel" onClick={onCancelRestore}>
              {t('restoreCancel')}
            </button>
          </p>
        )}
        {restore.kind === 'restored' && (
          <p class="restore-result" role="status">
            {t(
              'restoreDone',
              formatNumber(restore.summary.clips.added),
              formatNumber(restore.summary.clips.updated),
              formatNumber(restore.summary.boards.added + restore.summary.boards.updated),
            )}
          </p>
        )}
        {restore.kind === 'failed' && (
          <div class="restore-result form-error" role="alert">
            <p>{t('restoreFailed')}</p>
            <ul class="restore-problems">
              {restore.problems.map((p) => (
                <li key={`${p.line}:${p.path}:${p.code}`}>
                  {p.line > 0 && (
                    <span class="problem-where">{t('restoreWhere', String(p.line), p.path)}: </span>
                  )}
                  {/* The problem's English detail (`p.message`) is for the command line and logs, not this UI. */}
                  {t(`backupProblem_${p.code}` as MessageKey)}
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>
      <section class="data-section">
        <h2>{t('storageHeading')}</h2>
        {storage.persisted !== undefined && (
          <p
            // Not granted is the usual state of a fresh profile, not an error: said calmly, with what to do.
            class={`storage-persisted${storage.persisted ? '' : ' muted'}`}
            data-persisted={String(storage.persisted)}
          >
            {t(storage.persisted ? 'storagePersisted' : 'storageNotPersisted')}
          </p>
        )}
        {storage.usage !== undefined && storage.quota !== undefined && (
          <p class="muted storage-usage">
            {t('storageUsage', formatBytes(storage.usage), formatBytes(storage.quota))}
          </p>
        )}
      </section>
      {children}
    </section>
  );
}
