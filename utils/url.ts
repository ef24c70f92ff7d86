/** Query parameters that only track where a visit came from; they never change the page. */
const TRACKING_PARAM = /^(utm_.*|fbclid|gclid|dclid|msclkid|mc_eid|yclid|_ga)$/i;

/** True for the URL schemes Kurabe can clip and link to. */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The key that says "same page": lower-case host, no default port, no tracking parameters,
 * no fragment. Two visits of one article through different campaign links map to one clip.
 */
export function normalizeUrl(url: string): string {
  const u = new URL(url);
  u.hash = '';
  // forEach, not `[...keys()]`: in Firefox the extraction script sees the page's URLSearchParams
  // through an Xray wrapper, whose keys() iterator is not iterable there.
  const names: string[] = [];
  u.searchParams.forEach((_value, name) => {
    names.push(name);
  });
  for (const name of names) {
    if (TRACKING_PARAM.test(name)) u.searchParams.delete(name);
  }
  // URL already lower-cases the host and drops default ports; an emptied query leaves a bare "?".
  const out = u.toString();
  return u.search === '' ? out.replace(/\?$/, '') : out;
}

function siteOf(host: string): string {
  return host.toLowerCase().replace(/^www\./, '');
}

/**
 * The URL a page should be filed under: its `rel=canonical` when that points to the same site
 * (a canonical on another site could be used to file a page under someone else's URL), else the
 * page's own URL; normalized either way.
 */
export function clipUrl(pageUrl: string, canonicalHref?: string | null): string {
  if (canonicalHref) {
    try {
      const canonical = new URL(canonicalHref, pageUrl);
      const page = new URL(pageUrl);
      if (isWebUrl(canonical.href) && siteOf(canonical.hostname) === siteOf(page.hostname)) {
        return normalizeUrl(canonical.href);
      }
    } catch {
      // An unparsable canonical is ignored: the page's own URL is still a good key.
    }
  }
  return normalizeUrl(pageUrl);
}

/** Resolves `href` against `base`; undefined when it cannot be parsed. */
export function absoluteUrl(href: string, base: string): string | undefined {
  try {
    return new URL(href.trim(), base).href;
  } catch {
    return undefined;
  }
}
