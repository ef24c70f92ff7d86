import { useEffect, useState } from 'preact/hooks';
import { SearchView as SearchResults } from '@/components/SearchView';
import { useLibrary } from './library-store';
import { ReaderPane } from './ReaderPane';
import { useSearch } from './use-search';

interface SearchViewProps {
  /** Opens a board's comparison table in the Boards tab (a cell note matched). */
  onOpenTable: (boardId: string) => void;
}

/**
 * The Search tab: the query (kept while other tabs show), the results grouped by board, and the
 * reader of a result opened (Back returns to the results). Each time the tab is shown, the index
 * takes in the quotes and the articles changed since.
 */
export function SearchView({ onOpenTable }: SearchViewProps) {
  const library = useLibrary();
  const search = useSearch(library.clips, library.boards.placements, library.boards.boards, true);
  const [openId, setOpenId] = useState<string>();
  const load = search.load;
  // Once per visit (the App gives the view a new key when the tab is chosen).
  useEffect(() => void load(), []);

  const open = openId ? library.clips.find((c) => c.id === openId) : undefined;
  if (open) return <ReaderPane clip={open} onBack={() => setOpenId(undefined)} />;
  return (
    <SearchResults
      query={search.query}
      groups={search.groups}
      onQuery={search.setQuery}
      onOpen={setOpenId}
      filing={library.filing}
      onOpenTable={onOpenTable}
    />
  );
}
