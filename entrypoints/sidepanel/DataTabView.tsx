import { BlogSettings } from '@/components/BlogSettings';
import { DataSafetyView } from '@/components/DataSafetyView';
import { SyncSettings } from '@/components/SyncSettings';
import { useLibrary } from './library-store';
import { useBlogs } from './use-blogs';
import { useData } from './use-data';
import { useSync } from './use-sync';

/** The Data tab (not `DataView`: that is a global of the platform): backup, restore (which reloads the library everywhere), storage, Markdown folder, sync, blogs for drafts. */
export function DataTabView() {
  const library = useLibrary();
  const data = useData(library.afterRestore, library.persistence);
  const sync = useSync();
  const blogs = useBlogs();
  return (
    <DataSafetyView
      onExportBackup={() => void data.exportBackup()}
      backupMessage={data.backupMessage}
      onRestore={(file) => void data.restoreFile(file)}
      onCancelRestore={data.cancelRestore}
      restore={data.restore}
      storage={data.storage}
      onExportMarkdownFolder={() => void data.exportMarkdownFolder()}
      folderMessage={data.folderMessage}
    >
      <SyncSettings
        config={sync.config}
        status={sync.status}
        syncing={sync.syncing}
        refused={sync.refused}
        onSave={sync.save}
        onSyncNow={sync.syncNow}
        onTurnOff={sync.turnOff}
      />
      <BlogSettings
        blogs={blogs.blogs}
        testing={blogs.testing}
        result={blogs.result}
        onTest={blogs.test}
        onRemove={blogs.remove}
      />
    </DataSafetyView>
  );
}
