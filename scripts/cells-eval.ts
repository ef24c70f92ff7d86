// Scores the comparison-table cell candidates (候補文) on a labelled set:
//   npm run cells-eval -- tests/fixtures/cells/labelled.json
// Prints precision@1 and @3 in total and per board.
import { readFileSync } from 'node:fs';
import { type CellLabelledSet, evaluateCellCandidates } from '../utils/cell-candidates-eval';

const file = process.argv[2] ?? 'tests/fixtures/cells/labelled.json';
const { byBoard, ...scores } = evaluateCellCandidates(
  JSON.parse(readFileSync(file, 'utf8')) as CellLabelledSet,
);
console.log(JSON.stringify({ file, ...scores }));
for (const [id, b] of Object.entries(byBoard))
  console.log(
    `${id.padEnd(12)} cells ${String(b.cells).padStart(3)}  P@1 ${b.at1.toFixed(2)}  P@3 ${b.at3.toFixed(2)}`,
  );
