// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { findPosts, keepOnePost } from '@/utils/extract/posts';

const body = (n: number) => `${'山を歩いた日の記録です。'.repeat(n)}`;
const post = (title: string, text: string) =>
  `<div class="post"><h3 class="post-title">${title}</h3><div class="post-body">${text}</div></div>`;

function page(html: string): Document {
  const doc = document.implementation.createHTMLDocument('');
  doc.body.innerHTML = html;
  return doc;
}

describe('findPosts', () => {
  it('finds each whole post of a page that holds several, in order', () => {
    const doc = page(post('一つ目', body(10)) + post('二つ目', body(10)) + post('三つ目', body(10)));
    expect(findPosts(doc.body).map((p) => p.title)).toEqual(['一つ目', '二つ目', '三つ目']);
  });

  it('finds nothing on a page of one post, even with many titles around it (related entries)', () => {
    const related =
      '<ul><li class="entry-title"><a href="/a">別の記事</a></li><li class="entry-title"><a href="/b">もう一つ</a></li></ul>';
    expect(findPosts(page(post('一つ目', body(10)) + related).body)).toEqual([]);
  });

  it('finds nothing in a listing of teasers (bodies of a line, not posts)', () => {
    const doc = page(
      post('一つ目', '短い紹介。') + post('二つ目', '短い紹介。') + post('三つ目', '短い紹介。'),
    );
    expect(findPosts(doc.body)).toEqual([]);
  });

  it('finds no posts where two bodies share one title (one article in parts)', () => {
    const doc = page(
      `<div><h2 class="entry-title">題</h2><div class="entry-content">${body(10)}</div><div class="entry-content">${body(10)}</div></div>`,
    );
    expect(findPosts(doc.body)).toEqual([]);
  });
});

describe('keepOnePost', () => {
  it('keeps the post titled as the page and removes the others', () => {
    const doc = page(post('一つ目', body(10)) + post('二つ目の記事', body(10)) + post('三つ目', body(30)));
    expect(keepOnePost(doc, '二つ目の記事')).toBe(true);
    expect([...doc.querySelectorAll('.post-title')].map((t) => t.textContent)).toEqual(['二つ目の記事']);
  });

  it('keeps the first whole post when no title names the page (a blog’s front page)', () => {
    const doc = page(post('一つ目', body(10)) + post('二つ目', body(30)));
    expect(keepOnePost(doc, 'ゆるっと山歩き日記')).toBe(true);
    expect([...doc.querySelectorAll('.post-title')].map((t) => t.textContent)).toEqual(['一つ目']);
  });

  it('changes nothing on a page of one post', () => {
    const doc = page(post('一つ目', body(10)));
    expect(keepOnePost(doc, '一つ目')).toBe(false);
    expect(doc.querySelectorAll('.post')).toHaveLength(1);
  });
});
