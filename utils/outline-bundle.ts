/**
 * What the export view needs, loaded on demand in one piece (the renderer, marked with its CJK
 * emphasis, the preview's sanitizing): the side panel opens without it.
 */
export { outlineLocale, renderOutline } from './outline';
export { outlineHtml } from './outline-preview';
