import type { ComponentChildren } from 'preact';
import { formatNumber, t } from '@/utils/i18n';
import type { OutlineOptions } from '@/utils/outline';

/** The options a person chooses per board (language and time zone follow the browser). */
export type ExportChoices = Pick<
  OutlineOptions,
  'titleSeparate' | 'quoteStyle' | 'summary' | 'references' | 'includeMemos' | 'fillEmptyCells'
>;

interface ExportPanelProps {
  choices: ExportChoices;
  /** One option chosen (only it is stored: another panel may change the others). */
  onChoose: <K extends keyof ExportChoices>(key: K, value: ExportChoices[K]) => void;
  markdown: string;
  /** Memo notes the outline left out (includeMemos off): said, so no note vanishes silently. */
  memosLeftOut: number;
  /** The outline rendered and sanitized. */
  previewHtml: string;
  fileName: string;
  onCopyMarkdown: () => void;
  onCopyRichText: () => void;
  onDownload: () => void;
  /** What the last action did ("Copied"), or why it failed. */
  message?: { text: string; error: boolean };
  /** Below the copy buttons: 「下書きとして送る」 (BlogDraftPanel). */
  children?: ComponentChildren;
}

/** A board as a Markdown outline: options, the preview, and copy / download. */
export function ExportPanel({
  choices,
  onChoose,
  markdown,
  memosLeftOut,
  previewHtml,
  fileName,
  onCopyMarkdown,
  onCopyRichText,
  onDownload,
  message,
  children,
}: ExportPanelProps) {
  const set = onChoose;
  const check = (key: 'titleSeparate' | 'summary' | 'includeMemos' | 'fillEmptyCells', label: string) => (
    <label class="export-option">
      <input
        type="checkbox"
        name={key}
        checked={choices[key]}
        onChange={(e) => set(key, e.currentTarget.checked)}
      />
      {label}
    </label>
  );
  return (
    <section class="export" aria-label={t('exportView')}>
      <fieldset class="export-options">
        <legend>{t('exportOptions')}</legend>
        {check('titleSeparate', t('exportTitleSeparate'))}
        {check('summary', t('exportSummary'))}
        {check('includeMemos', t('exportIncludeMemos'))}
        {check('fillEmptyCells', t('exportFillEmptyCells'))}
        <label class="export-option">
          {t('exportQuoteStyle')}
          <select
            name="quoteStyle"
            value={choices.quoteStyle}
            onChange={(e) => set('quoteStyle', e.currentTarget.value === 'bullet' ? 'bullet' : 'blockquote')}
          >
            <option value="blockquote">{t('exportQuoteBlock')}</option>
            <option value="bullet">{t('exportQuoteBullet')}</option>
          </select>
        </label>
        <label class="export-option">
          {t('exportReferences')}
          <select
            name="references"
            value={choices.references}
            onChange={(e) => set('references', e.currentTarget.value === 'inline' ? 'inline' : 'footnotes')}
          >
            <option value="footnotes">{t('exportFootnotes')}</option>
            <option value="inline">{t('exportInline')}</option>
          </select>
        </label>
      </fieldset>
      <p class="export-actions">
        <button type="button" class="primary-button copy-markdown" onClick={onCopyMarkdown}>
          {t('copyMarkdown')}
        </button>
        <button type="button" class="plain-button copy-rich-text" onClick={onCopyRichText}>
          {t('copyRichText')}
        </button>
        <button type="button" class="plain-button download-markdown" onClick={onDownload}>
          {t('downloadMarkdown', fileName)}
        </button>
      </p>
      {memosLeftOut > 0 && (
        <p class="export-memos-left-out" role="status">
          {t('exportMemosLeftOut', formatNumber(memosLeftOut))}
        </p>
      )}
      {message && (
        <p class={message.error ? 'form-error export-message' : 'export-message'} role="status">
          {message.text}
        </p>
      )}
      {children}
      <h2 class="export-heading">{t('exportPreview')}</h2>
      {/* Made safe by outlineHtml (its renderer writes only what the sanitizer keeps, or the sanitizer) before it gets here. */}
      <div class="export-preview reader-body" dangerouslySetInnerHTML={{ __html: previewHtml }} />
      <details class="export-source">
        <summary>{t('exportMarkdownSource')}</summary>
        <textarea
          class="export-markdown"
          readOnly
          rows={12}
          value={markdown}
          aria-label={t('exportMarkdownSource')}
        />
      </details>
    </section>
  );
}
