import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type Board,
  type ClipWithLead,
  type KurabeDatabase,
  LEAD_LENGTH,
  type Placement,
} from '../../utils/db';
import type { LabelledSet } from '../../utils/suggest-eval';
import { wordCount } from '../../utils/text';

/**
 * A generated library for measuring at scale: clips of realistic Japanese and English text
 * (sentences of the labelled set, recombined), boards on its topics, and placements. Seeded, so
 * every run measures the same library.
 */
export function generateLibrary({
  clips: clipCount,
  boards: boardCount,
  seed = 1,
}: {
  clips: number;
  boards: number;
  seed?: number;
}) {
  const set = JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, '../fixtures/suggest/labelled.json'), 'utf8'),
  ) as LabelledSet;
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const sentencesByBoard = new Map<string, string[]>();
  for (const clip of set.clips) {
    if (!clip.board) continue; // off-topic clips belong to no board's topic
    const sentences = clip.text.split(/(?<=[。．.!?！？])\s*/).filter((s) => s.length > 8);
    sentencesByBoard.set(clip.board, [...(sentencesByBoard.get(clip.board) ?? []), ...sentences]);
  }
  const topics = set.boards;
  const boards: Board[] = Array.from({ length: boardCount }, (_, i) => {
    const topic = topics[i % topics.length]!;
    return {
      id: `b${i}`,
      title: `${topic.title} #${i}`,
      subjects: topic.subjects.map((s) => ({ id: `${s.id}-${i}`, name: s.name })),
      aspects: topic.aspects.map((a) => ({ id: `${a.id}-${i}`, name: a.name })),
      cellNotes: {},
      order: String(i).padStart(6, '0'),
      updatedAt: i,
    };
  });
  const clips: ClipWithLead[] = [];
  /** Each clip's article text (the `bodies` store). */
  const texts = new Map<string, string>();
  const placements: Placement[] = [];
  for (let i = 0; i < clipCount; i++) {
    const board = boards[Math.floor(random() * boards.length)]!;
    const topicId = topics[Number(board.id.slice(1)) % topics.length]!.id;
    const target = 2000 + Math.floor(random() * 18000);
    let text = '';
    while (text.length < target) text += `${pick(sentencesByBoard.get(topicId)!)}\n`;
    const lang = /[ぁ-ん]/.test(text) ? 'ja' : 'en';
    const words = wordCount(text, lang);
    clips.push({
      id: `c${i}`,
      normalizedUrl: `https://example.com/${i}`,
      url: `https://example.com/${i}`,
      title: pick(set.clips.filter((c) => c.board === topicId)).title,
      byline: '',
      siteName: 'example.com',
      lang,
      publishedTime: '',
      excerpt: text.slice(0, 120),
      lead: text.slice(0, LEAD_LENGTH),
      chars: text.length,
      ...(words === undefined ? {} : { words }),
      readingMinutes: 1,
      kind: 'article',
      note: '',
      noteKind: 'article',
      tags: [],
      createdAt: i,
      clippedAt: i,
      updatedAt: i,
    });
    texts.set(`c${i}`, text);
    if (random() < 0.5) {
      placements.push({
        id: `p${i}`,
        boardId: board.id,
        clipId: `c${i}`,
        aspectId: pick(board.aspects).id,
        order: String(i),
        note: '',
        noteKind: 'article',
      });
    }
  }
  return { boards, clips, texts, placements };
}

/**
 * `count` generated clips for an Inbox test, the newest in the Trash (a first page must skip it),
 * written to `db` in one transaction; `edit` changes them before they are written.
 */
export async function seedInboxClips(
  db: KurabeDatabase,
  {
    count,
    boards,
    seed,
    edit = (clips) => clips,
  }: { count: number; boards: number; seed: number; edit?: (clips: ClipWithLead[]) => ClipWithLead[] },
): Promise<ClipWithLead[]> {
  const clips = edit(generateLibrary({ clips: count, boards, seed }).clips);
  clips[count - 1] = { ...clips[count - 1]!, deletedAt: count + 10 };
  const tx = db.transaction('clips', 'readwrite');
  for (const clip of clips) void tx.store.put(clip);
  await tx.done;
  return clips;
}
