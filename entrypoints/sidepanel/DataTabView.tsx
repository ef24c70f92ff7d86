import { DataSafetyView } from '@/components/DataSafetyView';
import { useLibrary } from './library-store';
import { useData } from './use-data';

/** The Data tab (not `DataView`: that is a global of the platform): backup, restore (which reloads the library everywhere), storage, Markdown folder. */
export function DataTabView() {
  const library = useLibrary();
  const data = useData(library.afterRestore, library.persistence);
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
    />
  );
}
