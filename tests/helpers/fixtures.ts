import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM, VirtualConsole } from 'jsdom';

export interface FixtureExpectation {
  url: string;
  canonicalUrl?: string;
  title: string;
  byline: string;
  siteName: string;
  lang: string;
  publishedTime: string;
  modifiedTime?: string;
  headings: string[];
  tableCells?: string[];
  mustContain: string[];
  mustNotContain: string[];
  images: string[];
  links: string[];
  codeLanguages?: string[];
  /** Lines of code that must come out as lines of the text. */
  codeLines?: string[];
}

export interface PageFixture {
  slug: string;
  html: string;
  expected: FixtureExpectation;
}

export const FIXTURES_DIR = path.resolve(__dirname, '../fixtures/pages');

/** Every `tests/fixtures/pages/<slug>/` with its source page and hand-written expectations. */
export function loadPageFixtures(): PageFixture[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({
      slug: d.name,
      html: readFileSync(path.join(FIXTURES_DIR, d.name, 'source.html'), 'utf8'),
      expected: JSON.parse(readFileSync(path.join(FIXTURES_DIR, d.name, 'expected.json'), 'utf8')),
    }));
}

/** A jsdom document of `html` at `url`, with the page's console noise silenced. */
export function domAt(html: string, url: string): JSDOM {
  return new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
}
