// Scores Kurabe's board suggestions on a labelled set:
//   npm run suggest-eval -- tests/fixtures/suggest/labelled.json
// The file: { boards: [{id, title, subjects: [{id, name, aliases?}], aspects: [{id, name, aliases?}]}],
//             clips: [{id, title, text, board|null, aspect|null, subject|null, role: "seed"|"test", class?}] }
// Prints the totals as one JSON line, then board, aspect and subject precision per board and the
// off-topic rates as a table.
import { readFileSync } from 'node:fs';
import { evaluateSuggestions, type LabelledSet } from '../utils/suggest-eval';

const file = process.argv[2] ?? 'tests/fixtures/suggest/labelled.json';
const set = JSON.parse(readFileSync(file, 'utf8')) as LabelledSet;
const { byBoard, byClass, ...scores } = evaluateSuggestions(set);
console.log(JSON.stringify({ file, boards: set.boards.length, ...scores }));
const f = (x: number) => x.toFixed(2);
console.log('board          tests  board@1  precision  aspect@1  subject@1');
for (const [id, b] of Object.entries(byBoard))
  console.log(
    `${id.padEnd(14)} ${String(b.tests).padStart(5)}  ${f(b.boardAt1).padStart(7)}  ${f(b.boardPrecision).padStart(9)}  ${f(b.aspectAt1).padStart(8)}  ${f(b.subjectAt1).padStart(9)}`,
  );
for (const [cls, c] of Object.entries(byClass))
  console.log(
    `class ${cls.padEnd(15)} tests ${c.tests}  board@1 ${f(c.boardAt1)}  subject@1 ${f(c.subjectAt1)}`,
  );
console.log(
  `off-topic: ${scores.offTopic.tests} clips, false-suggestion rate ${f(scores.offTopic.falseSuggestion)}, auto-filed ${scores.offTopic.autoFiled}`,
);
// The same set as if no one had typed a 別名: what the learned aliases and folding do alone.
const bare: LabelledSet = {
  ...set,
  boards: set.boards.map((b) => ({
    ...b,
    subjects: b.subjects.map(({ aliases: _, ...s }) => s),
    aspects: b.aspects.map(({ aliases: _, ...a }) => a),
  })),
};
const withoutAliases = evaluateSuggestions(bare);
console.log(
  `without aliases: board@1 ${f(withoutAliases.boardAt1)}, aspect@1 ${f(withoutAliases.aspectAt1)}, subject@1 ${f(withoutAliases.subjectAt1)}, ` +
    Object.entries(withoutAliases.byClass)
      .map(([cls, c]) => `${cls} board@1 ${f(c.boardAt1)}`)
      .join(', ') +
    `, off-topic false-suggestion rate ${f(withoutAliases.offTopic.falseSuggestion)}, auto-filed ${withoutAliases.offTopic.autoFiled}`,
);
