/**
 * Names of the User Timing marks the side panel leaves, so `npm run bench` can read, inside the
 * page, when a view was on screen (the marks cost nothing worth measuring).
 */
export const INBOX_RENDERED_MARK = 'kurabe:inbox-rendered';
export const BOARD_OPENED_MARK = 'kurabe:board-opened';
export const BOARD_RENDERED_MARK = 'kurabe:board-rendered';
