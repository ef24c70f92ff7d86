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
