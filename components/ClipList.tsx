import type { Clip } from '@/utils/db';
import type { BoardFiling } from './AddToBoard';
import { ClipCard } from './ClipCard';

interface ClipListProps {
  clips: Clip[];
  highlightId?: string;
  onOpen: (id: string) => void;
  onTrash: (id: string) => void;
  suggestions?: Map<string, { label: string; onAccept: () => void }>;
  filing?: BoardFiling;
}

export function ClipList({ clips, highlightId, onOpen, onTrash, suggestions, filing }: ClipListProps) {
  return (
    <ul class="clip-list">
      {clips.map((clip) => (
        <ClipCard
          key={clip.id}
          clip={clip}
          isNew={clip.id === highlightId}
          onOpen={onOpen}
          onTrash={onTrash}
          suggestion={suggestions?.get(clip.id)}
          filing={filing}
        />
      ))}
    </ul>
  );
}
