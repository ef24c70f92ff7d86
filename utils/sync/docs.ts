import * as v from 'valibot';
import {
  BoardSchema,
  BodySchema,
  ClipSchema,
  librarySetting,
  PlacementSchema,
  QuoteSchema,
} from '../backup/format';
import { clipIdForUrl, sha256Hex } from '../clip-id';
import type { Board, Clip, ClipBody, Placement, Quote } from '../db';

/**
 * One document per entity (docs/sync.md): `<type>:<id>`, with the record as a backup line holds
 * it (no derived fields). The same schemas check a document that arrives as a restored backup's line.
 */
export const DOC_TYPES = ['clip', 'body', 'quote', 'board', 'placement', 'setting'] as const;
export type DocType = (typeof DOC_TYPES)[number];

export interface EntityContent {
  type: DocType;
  record: Record<string, unknown>;
}

export const docId = (type: DocType, id: string): string => `${type}:${id}`;

export function parseDocId(id: string): { type: DocType; key: string } | undefined {
  const at = id.indexOf(':');
  const type = id.slice(0, at) as DocType;
  return at > 0 && DOC_TYPES.includes(type) ? { type, key: id.slice(at + 1) } : undefined;
}

/** JSON with object keys sorted: the same content gives the same text, whatever made it. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The hash of a document's content: the revision id of a change (32 hex digits). */
export const contentHash = (content: EntityContent): string => sha256Hex(stableJson(content)).slice(0, 32);

// --- IndexedDB → documents ----------------------------------------------------------------

export function clipContent(clip: Clip): EntityContent {
  // Derived fields stay out (`lead`: on a clip given with it, ClipWithLead; stored apart since version 9).
  const { lead: _lead, words: _words, ...record } = clip as Clip & { lead?: string };
  return { type: 'clip', record };
}

export function bodyContent(body: ClipBody): EntityContent {
  return { type: 'body', record: { id: body.id, html: body.html } };
}

export const quoteContent = (quote: Quote): EntityContent => ({ type: 'quote', record: { ...quote } });
export const boardContent = (board: Board): EntityContent => ({ type: 'board', record: { ...board } });
export const placementContent = (p: Placement): EntityContent => ({ type: 'placement', record: { ...p } });
export const settingContent = (key: string, value: unknown): EntityContent => ({
  type: 'setting',
  record: { key, value },
});

/** The `_id` of an entity's document. */
export function contentDocId({ type, record }: EntityContent): string {
  return docId(type, String(type === 'setting' ? record.key : record.id));
}

// --- documents → IndexedDB (validated) ------------------------------------------------------

const SCHEMAS = {
  clip: ClipSchema,
  body: BodySchema,
  quote: QuoteSchema,
  board: BoardSchema,
  placement: PlacementSchema,
} as const;

/**
 * A document that arrived, checked as a restored backup's record is (limits, the web-URL rule,
 * dates): the record to write, or why not. Its key must be its `_id`'s (a document cannot write
 * over another record); a setting must be one of the library's, with a value of its schema.
 */
export function validateDoc(
  id: string,
  doc: Record<string, unknown>,
): { ok: true; content: EntityContent } | { ok: false; reason: string } {
  const parsed = parseDocId(id);
  if (!parsed) return { ok: false, reason: `unknown document ${id}` };
  if (doc.type !== parsed.type) return { ok: false, reason: `type ${String(doc.type)} under ${id}` };
  if (parsed.type === 'setting') {
    const record = doc.record as { key?: unknown; value?: unknown } | undefined;
    const setting = record && typeof record.key === 'string' ? librarySetting(record.key) : undefined;
    if (!setting || record?.key !== parsed.key) return { ok: false, reason: `not a library setting: ${id}` };
    const value = v.safeParse(setting.value, record.value);
    if (!value.success) return { ok: false, reason: `${id}: ${value.issues[0].message}` };
    return { ok: true, content: settingContent(parsed.key, value.output) };
  }
  const result = v.safeParse(SCHEMAS[parsed.type], doc.record);
  if (!result.success) return { ok: false, reason: `${id}: ${result.issues[0].message}` };
  const record = result.output as Record<string, unknown>;
  if (record.id !== parsed.key) return { ok: false, reason: `${id} holds the record ${String(record.id)}` };
  // A clip's id is its page's (docs/sync.md): another would make two clips of one page.
  if (parsed.type === 'clip' && record.id !== clipIdForUrl(String(record.normalizedUrl)))
    return { ok: false, reason: `${id} is not the id of ${String(record.normalizedUrl)}` };
  return { ok: true, content: { type: parsed.type, record } };
}
