/**
 * Names of the User Timing marks the side panel leaves, so `npm run bench` can read, inside the
 * page, when a view was on screen (the marks cost nothing worth measuring).
 */
export const INBOX_RENDERED_MARK = 'kurabe:inbox-rendered';
/** The whole library is loaded and on screen (the tag row, the counts): the panel has settled. */
export const LIBRARY_RENDERED_MARK = 'kurabe:library-rendered';
export const BOARD_OPENED_MARK = 'kurabe:board-opened';
export const BOARD_RENDERED_MARK = 'kurabe:board-rendered';
/** A measure per query of the Search tab: from the query (or the index) changing to its hits. */
export const SEARCH_QUERY_MEASURE = 'kurabe:search-query';
/** A restore's stages (utils/backup/restore.ts): the file read, validated and staged (in a worker in
 * the panel); the staged bodies derived (sanitized, their text rebuilt) in slices; the one
 * transaction written. The bench reads them to say which stage takes the time. */
export const RESTORE_STAGED_MARK = 'kurabe:restore-staged';
export const RESTORE_DERIVED_MARK = 'kurabe:restore-derived';
export const RESTORE_WRITTEN_MARK = 'kurabe:restore-written';
