import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { ExportChoices } from '@/components/ExportPanel';
import { cellKey } from '@/utils/cell-candidates';
import { candidateSources } from '@/utils/cell-sources';
import { userTimeZone } from '@/utils/dates';
import {
  type Board,
  type Clip,
  changeSetting,
  exportChoicesKey,
  getDB,
  getSetting,
  listQuotes,
  type Placement,
  type Quote,
} from '@/utils/db';
import { fileNameFor } from '@/utils/filename';
import { t, uiLanguage } from '@/utils/i18n';
import { DEFAULT_OUTLINE_OPTIONS, outlineLocale, renderOutlineReport } from '@/utils/outline';
import { outlineHtml } from '@/utils/outline-preview';
import { clipsWithLeads, requestCellCandidates } from './cell-candidates';
import { saveFile } from './save-file';

/** Settings key of a board's export choices (kept per board, and in backups with the settings). */

const DEFAULT_CHOICES: ExportChoices = {
  titleSeparate: DEFAULT_OUTLINE_OPTIONS.titleSeparate,
  quoteStyle: DEFAULT_OUTLINE_OPTIONS.quoteStyle,
  summary: DEFAULT_OUTLINE_OPTIONS.summary,
  references: DEFAULT_OUTLINE_OPTIONS.references,
  includeMemos: DEFAULT_OUTLINE_OPTIONS.includeMemos,
  fillEmptyCells: DEFAULT_OUTLINE_OPTIONS.fillEmptyCells,
};

/**
 * The open board as a Markdown outline, while the export view is shown (`active`): its saved
 * choices, the Markdown and its sanitized preview, and the copy and download actions. The choices
 * are read again when `othersRevision` changes (another panel changed something, perhaps them);
 * `notifyOthers` tells the other panels when a choice is made here.
 */
export function useExport(
  board: Board | undefined,
  placements: Placement[],
  clipsById: ReadonlyMap<string, Clip>,
  active: boolean,
  { othersRevision = 0, notifyOthers }: { othersRevision?: number; notifyOthers?: () => void } = {},
) {
  const [choices, setChoices] = useState<ExportChoices>(DEFAULT_CHOICES);
  const [quotes, setQuotes] = useState<Quote[]>([]);
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const boardId = board?.id;

  useEffect(() => {
    setMessage(undefined);
  }, [boardId]);
  useEffect(() => {
    if (!boardId) return;
    void getDB()
      .then((db) => getSetting<Partial<ExportChoices>>(db, exportChoicesKey(boardId)))
      .then((saved) => setChoices({ ...DEFAULT_CHOICES, ...saved }));
  }, [boardId, othersRevision]);

  useEffect(() => {
    if (!active) return;
    // Every quote of the clips on the board: the outline shows the placed ones and, for a clip
    // placed whole, lists the clip.
    const clipIds = [...new Set(placements.map((p) => p.clipId))];
    void getDB()
      .then((db) => Promise.all(clipIds.map((id) => listQuotes(db, id))))
      .then((lists) => setQuotes(lists.flat()));
  }, [active, placements]);

  // 「空欄を候補文で埋める」: the top candidate of each cell, computed in the cells worker from the
  // board's clips (their lead: the panel holds no whole article) and quotes.
  const [candidates, setCandidates] = useState<ReadonlyMap<string, { sentence: string; clipId: string }>>();
  useEffect(() => {
    if (!active || !board || !choices.fillEmptyCells) return;
    let current = true;
    void clipsWithLeads(
      clipsById,
      placements.filter((p) => p.boardId === board.id).map((p) => p.clipId),
    )
      .then((withLead) =>
        requestCellCandidates({
          board,
          sources: candidateSources(board, placements, withLead, quotes),
          limit: 1,
        }),
      )
      .then((found) => {
        if (current) setCandidates(new Map(found.map((c) => [cellKey(c.aspectId, c.subjectId), c])));
      });
    return () => {
      current = false;
    };
  }, [active, board, placements, clipsById, quotes, choices.fillEmptyCells]);

  const { markdown, memosLeftOut } = useMemo(() => {
    if (!active || !board) return { markdown: '', memosLeftOut: 0 };
    return renderOutlineReport(
      { board, placements, clips: clipsById, quotes, candidates },
      {
        ...choices,
        locale: outlineLocale(uiLanguage()),
        timeZone: userTimeZone(),
      },
    );
  }, [active, board, placements, clipsById, quotes, choices, candidates]);
  /**
   * The outline as a blog gets it (「下書きとして送る」): the choices made here, with the title in the
   * blog's own title field (headings from ##).
   */
  const blogMarkdown = useCallback(() => {
    if (!board) return '';
    return renderOutlineReport(
      { board, placements, clips: clipsById, quotes, candidates },
      { ...choices, titleSeparate: true, locale: outlineLocale(uiLanguage()), timeZone: userTimeZone() },
    ).markdown;
  }, [board, placements, clipsById, quotes, choices, candidates]);
  const previewHtml = useMemo(() => (markdown ? outlineHtml(markdown) : ''), [markdown]);
  const fileName = fileNameFor(board?.title ?? '', 'md');

  /** One option chosen: only it is written, onto the choices as stored (another panel may have made others). */
  const choose = useCallback(
    <K extends keyof ExportChoices>(key: K, value: ExportChoices[K]) => {
      setChoices((current) => ({ ...current, [key]: value }));
      if (!boardId) return;
      void getDB()
        .then((db) =>
          changeSetting<Partial<ExportChoices>>(db, exportChoicesKey(boardId), (stored) => ({
            ...DEFAULT_CHOICES,
            ...stored,
            [key]: value,
          })),
        )
        .then((stored) => {
          setChoices({ ...DEFAULT_CHOICES, ...stored });
          notifyOthers?.();
        });
    },
    [boardId, notifyOthers],
  );

  const failed = (error: unknown) =>
    setMessage({
      text: t('copyFailed', error instanceof Error ? error.message : String(error)),
      error: true,
    });

  const copyMarkdown = () =>
    navigator.clipboard
      .writeText(markdown)
      .then(() => setMessage({ text: t('copiedMarkdown'), error: false }), failed);

  // Editors such as note or WordPress take pasted HTML; others take the plain text (Markdown).
  const copyRichText = () =>
    navigator.clipboard
      .write([
        new ClipboardItem({
          'text/html': new Blob([previewHtml], { type: 'text/html' }),
          'text/plain': new Blob([markdown], { type: 'text/plain' }),
        }),
      ])
      .then(() => setMessage({ text: t('copiedRichText'), error: false }), failed);

  const download = () => {
    saveFile(new Blob([markdown], { type: 'text/markdown;charset=utf-8' }), fileName);
    setMessage({ text: t('downloadedMarkdown', fileName), error: false });
  };

  return {
    choices,
    choose,
    markdown,
    memosLeftOut,
    previewHtml,
    fileName,
    message,
    copyMarkdown,
    copyRichText,
    download,
    blogMarkdown,
  };
}
