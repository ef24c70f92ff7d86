import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { DB_VERSION } from '@/utils/db';

// A rule of the project: raising DB_VERSION comes with a test of the migration to it.
it('every database version after the first has a migration test', () => {
  for (let version = 2; version <= DB_VERSION; version++) {
    const file = path.resolve(__dirname, `v${version}.test.ts`);
    expect(existsSync(file), `tests/unit/migrations/v${version}.test.ts is missing`).toBe(true);
  }
});
