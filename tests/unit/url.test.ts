import { describe, expect, it } from 'vitest';
import { absoluteUrl, clipUrl, isWebUrl, normalizeUrl } from '@/utils/url';

describe('normalizeUrl', () => {
  it.each([
    ['https://Example.COM/a', 'https://example.com/a'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['http://example.com:80/a', 'http://example.com/a'],
    ['http://example.com:8080/a', 'http://example.com:8080/a'],
    ['https://example.com/a#section-2', 'https://example.com/a'],
    ['https://example.com/a?utm_source=x&utm_medium=y&utm_campaign=z', 'https://example.com/a'],
    ['https://example.com/a?id=3&utm_source=x', 'https://example.com/a?id=3'],
    ['https://example.com/a?fbclid=abc&gclid=def&page=2', 'https://example.com/a?page=2'],
    ['https://example.com/a?UTM_Source=x', 'https://example.com/a'],
    ['https://example.com/記事?q=比較', 'https://example.com/%E8%A8%98%E4%BA%8B?q=%E6%AF%94%E8%BC%83'],
  ])('%s → %s', (input, output) => {
    expect(normalizeUrl(input)).toBe(output);
  });

  it('keeps parameters that identify the page', () => {
    expect(normalizeUrl('https://example.com/watch?v=abc&t=10')).toBe('https://example.com/watch?v=abc&t=10');
  });
});

describe('clipUrl', () => {
  const page = 'https://www.example.com/post/1?utm_source=feed#top';
  it('takes a canonical on the same site', () => {
    expect(clipUrl(page, '/post/1-slug')).toBe('https://www.example.com/post/1-slug');
    expect(clipUrl(page, 'https://example.com/post/1')).toBe('https://example.com/post/1');
  });
  it('ignores a canonical on another site', () => {
    expect(clipUrl(page, 'https://evil.example.net/post/1')).toBe('https://www.example.com/post/1');
  });
  it('ignores a canonical that is not a web URL', () => {
    expect(clipUrl(page, 'javascript:alert(1)')).toBe('https://www.example.com/post/1');
  });
  it('uses the page URL without a canonical', () => {
    expect(clipUrl(page, null)).toBe('https://www.example.com/post/1');
  });
});

describe('isWebUrl / absoluteUrl', () => {
  it.each([
    ['https://a.example/', true],
    ['http://a.example/', true],
    ['chrome://version', false],
    ['file:///tmp/a.html', false],
    ['view-source:https://a.example/', false],
    ['not a url', false],
  ])('%s is web: %s', (url, web) => expect(isWebUrl(url)).toBe(web));

  it('resolves relative references', () => {
    expect(absoluteUrl('../img/a.png', 'https://a.example/b/c/d.html')).toBe('https://a.example/b/img/a.png');
    expect(absoluteUrl('http://[bad', 'https://a.example/')).toBeUndefined();
  });
});
