/**
 * A file name from a board's title, for the downloaded outline. Japanese stays as it is; what
 * Windows, macOS or Linux refuse in a name is replaced, so the same name works everywhere.
 */
const FORBIDDEN = /[\\/:*?"<>|\p{Cc}]/gu;
/** Names Windows keeps for devices, with or without an extension. */
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;
/** Characters kept of a title: file systems allow 255 bytes, and a name is for reading. */
const MAX_CHARS = 80;

export function fileNameFor(title: string, extension: string, fallback = 'kurabe'): string {
  let base = title
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .replace(FORBIDDEN, '_')
    .trim()
    // A leading dot hides the file; trailing dots and spaces are dropped by Windows.
    .replace(/^[.\s]+|[.\s]+$/g, '');
  base = Array.from(base).slice(0, MAX_CHARS).join('').trim();
  if (!base || /^_+$/.test(base) || RESERVED.test(base))
    base = base && !/^_+$/.test(base) ? `${base}_` : fallback;
  return `${base}.${extension}`;
}
