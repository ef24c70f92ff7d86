/**
 * The board of issue 13's trial, 「インサイドセールス vs フィールドセールス」, and the two notes the
 * person wrote on it: the e2e files about filing, note kinds and the issue's screenshots start
 * from it.
 */
export const SALES_BOARD = {
  id: 'board-sales',
  title: 'インサイドセールス vs フィールドセールス',
  subjects: [
    { id: 's-inside', name: 'インサイドセールス' },
    { id: 's-field', name: 'フィールドセールス' },
  ],
  aspects: [
    { id: 'a-cost', name: 'コスト' },
    { id: 'a-rate', name: '成約率' },
  ],
};

/** A to-do for the writer: a memo, which stays out of the article. */
export const MEMO = '出典の調査名を確認すること';
/** A note meant for the article. */
export const ARTICLE_NOTE = '本文では「約2割」と書く。';
