import { describe, expect, it } from 'vitest';
import { fileNameFor } from '@/utils/filename';

describe('fileNameFor', () => {
  it('keeps a Japanese title as it is', () => {
    expect(fileNameFor('ルート営業 vs 営業一般', 'md')).toBe('ルート営業 vs 営業一般.md');
  });

  it('replaces what file systems refuse, and control characters', () => {
    expect(fileNameFor('A/B: C*D?"E"<F>|G\\H', 'md')).toBe('A_B_ C_D__E__F__G_H.md');
    expect(fileNameFor('改行\nと\tタブ\u0007', 'md')).toBe('改行 と タブ_.md');
  });

  it('drops leading dots and trailing dots or spaces, which hide or vanish', () => {
    expect(fileNameFor('..hidden. ', 'md')).toBe('hidden.md');
  });

  it('falls back when nothing is left, and avoids Windows device names', () => {
    expect(fileNameFor('', 'md')).toBe('kurabe.md');
    expect(fileNameFor('///', 'md')).toBe('kurabe.md');
    expect(fileNameFor('CON', 'md')).toBe('CON_.md');
    expect(fileNameFor('con', 'md', 'board')).toBe('con_.md');
  });

  it('cuts very long titles at 80 characters, counting Japanese characters as one each', () => {
    const name = fileNameFor('比較'.repeat(100), 'md');
    expect(Array.from(name.replace(/\.md$/, ''))).toHaveLength(80);
    expect(fileNameFor('😀'.repeat(100), 'md')).toBe(`${'😀'.repeat(80)}.md`);
  });
});
