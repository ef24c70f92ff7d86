import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OUTLINE_OPTIONS, renderOutline } from '@/utils/outline';
import { GOLDEN_CASES } from '../fixtures/outline/boards';
import { checkStructure, outlineStructure } from '../fixtures/outline/structure';

/**
 * Golden outlines: each fixture board with the option combinations that matter, compared to
 * `tests/fixtures/outline/<board>/<variant>.md`. A missing file fails; regenerating them is a
 * deliberate act (UPDATE_FIXTURES=1), reviewed in the diff. Each output is also checked for its
 * structure against the board, so a golden file cannot pin a broken outline.
 */

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/outline');

describe.each(GOLDEN_CASES)('board $slug', ({ slug, build, variants }) => {
  describe.each(Object.entries(variants))('%s', (variant, partial) => {
    const input = build();
    const options = { ...DEFAULT_OUTLINE_OPTIONS, ...partial };
    const markdown = renderOutline(input, partial);

    it('gives the expected Markdown', () => {
      const file = path.join(FIXTURES, slug, `${variant}.md`);
      if (process.env.UPDATE_FIXTURES === '1') {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, markdown);
      }
      expect(
        existsSync(file),
        `outline/${slug}/${variant}.md is missing: run UPDATE_FIXTURES=1 npm run test:unit, review it`,
      ).toBe(true);
      expect(markdown).toBe(readFileSync(file, 'utf8'));
    });

    it('has the structure the board gives: headings, table, sources', () => {
      checkStructure(markdown, outlineStructure(markdown), input, options);
    });
  });
});

it('has a golden file for every case and nothing else', () => {
  const expected = GOLDEN_CASES.flatMap(({ slug, variants }) =>
    Object.keys(variants).map((v) => `${slug}/${v}.md`),
  );
  expect(expected.length).toBeGreaterThanOrEqual(8);
  for (const file of expected) expect(existsSync(path.join(FIXTURES, file)), file).toBe(true);
});
