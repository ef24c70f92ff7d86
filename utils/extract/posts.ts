/**
 * Pages that hold several whole posts (a blog's front page or monthly archive, an old template
 * that prints every post of the month in full; a news page that appends the next article): the
 * page's article is one of them. Readability scores each post's paragraphs and keeps the best
 * container with the siblings that score high enough, so it returns the longest post, or several,
 * and often not the first one.
 *
 * A post is found by the names blog engines give its parts: a title (`post-title`, `entry-title`,
 * `article-title`…) and a body (`post-body`, `entry-content`, `article-body`…) that share an
 * ancestor holding no other post's body. When at least two such posts have text, the one whose
 * title is the page's title is kept, or, when none is, the first (the newest on a blog's page);
 * the others are removed before Readability runs.
 */

const TITLE_CLASS = /^(post|entry|article|blog)[-_]?(title|heading|subject)$/i;
const BODY_CLASS = /^(post|entry|article|blog)[-_]?(body|content|text)$/i;

/** Either name, anywhere in a class attribute: the cheap test before the exact one. */
const ANY_PART = /(post|entry|article|blog)[-_]?(title|heading|subject|body|content|text)/i;

/** A post's body must hold this many characters to count: a whole post, not a teaser line. */
const MIN_POST_CHARS = 80;

function hasClass(el: Element, pattern: RegExp): boolean {
  const cls = el.getAttribute('class');
  if (!cls) return false;
  for (const token of cls.split(/\s+/)) if (pattern.test(token)) return true;
  return false;
}

const fold = (text: string) => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** Does a post's title name the page (its title, cleaned of the site name)? */
function namesPage(heading: string, pageTitle: string): boolean {
  if (!heading || !pageTitle) return false;
  if (heading === pageTitle) return true;
  // A title that adds a section or the blog's name to the post's own, or a heading with a
  // "(photo)" mark: the shorter one must be most of the longer one.
  const [short, long] = heading.length < pageTitle.length ? [heading, pageTitle] : [pageTitle, heading];
  return short.length >= 4 && short.length >= long.length * 0.6 && long.includes(short);
}

export interface Post {
  /** The post's element: the lowest ancestor of its body that also holds its title. */
  el: Element;
  title: string;
  /** Whether its body holds a whole post's text (not a teaser line). */
  full: boolean;
}

/** The posts of a page, in document order (empty when fewer than two hold a whole post). */
export function findPosts(root: Element): Post[] {
  const titles: Element[] = [];
  const bodies: Element[] = [];
  // One pass over the elements that have a class, one test of the whole attribute each: jsdom
  // (the command line) matches substring selectors several times slower.
  for (const el of root.querySelectorAll('[class]')) {
    const cls = el.getAttribute('class')!;
    if (!ANY_PART.test(cls)) continue;
    if (hasClass(el, TITLE_CLASS)) titles.push(el);
    else if (hasClass(el, BODY_CLASS) && !bodies.some((b) => b.contains(el))) bodies.push(el);
  }
  if (titles.length < 2 || bodies.length < 2) return [];

  const posts: Post[] = [];
  for (const body of bodies) {
    const full = (body.textContent ?? '').replace(/\s+/g, '').length >= MIN_POST_CHARS;
    for (let el = body.parentElement; el && el !== root; el = el.parentElement) {
      if (bodies.some((other) => other !== body && el.contains(other))) break;
      const title = titles.find((t) => el.contains(t) && !body.contains(t));
      if (title) {
        posts.push({ el, title: fold(title.textContent ?? ''), full });
        break;
      }
    }
  }
  return posts.filter((p) => p.full).length >= 2 ? posts : [];
}

/**
 * Keeps one post of a page that holds several (see above): the one titled as the page, else the
 * first. Returns whether posts were removed.
 */
export function keepOnePost(doc: Document, pageTitle: string): boolean {
  if (!doc.body) return false;
  const posts = findPosts(doc.body);
  if (posts.length < 2) return false;
  const wanted = fold(pageTitle);
  const kept = posts.find((p) => namesPage(p.title, wanted)) ?? posts.find((p) => p.full)!;
  for (const post of posts) if (post !== kept) post.el.remove();
  return true;
}
