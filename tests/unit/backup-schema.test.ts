import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { BACKUP_PROBLEM_CODES, BACKUP_STORES } from '@/utils/backup/format';
import { BACKUP_SCHEMA_FILE, backupJsonSchema } from '../../scripts/backup-schema';

it('docs/backup-schema.json is generated from the current schemas (npx tsx scripts/backup-schema.ts)', () => {
  const onDisk = JSON.parse(readFileSync(BACKUP_SCHEMA_FILE, 'utf8'));
  expect(onDisk).toEqual(backupJsonSchema());
});

it('docs/backup-format.md documents every store and every problem code', () => {
  const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/backup-format.md'), 'utf8');
  for (const name of [...BACKUP_STORES, ...BACKUP_PROBLEM_CODES]) expect(doc).toContain(`\`${name}\``);
});
