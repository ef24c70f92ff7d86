// Scores Kurabe's board suggestions on a labelled set:
//   npm run suggest-eval -- tests/fixtures/suggest/labelled.json
// The file: { boards: [{id, title, subjects: [{id, name}], aspects: [{id, name}]}],
//             clips: [{id, title, text, board, aspect, subject|null, role: "seed"|"test"}] }
import { readFileSync } from 'node:fs';
import { evaluateSuggestions, type LabelledSet } from '../utils/suggest-eval';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run suggest-eval -- LABELLED.json');
  process.exit(2);
}
const set = JSON.parse(readFileSync(file, 'utf8')) as LabelledSet;
const scores = evaluateSuggestions(set);
console.log(JSON.stringify({ file, boards: set.boards.length, ...scores }));
