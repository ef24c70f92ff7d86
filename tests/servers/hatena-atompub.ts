import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { JSDOM } from 'jsdom';

/**
 * A TEST DOUBLE of Hatena Blog's AtomPub API — there is no Hatena server to run here. It follows
 * Hatena's documentation (「はてなブログAtomPub」 and 「はてなサービスにおけるWSSE認証」 on
 * developer.hatena.ne.jp) for what Kurabe uses:
 *
 * - the root endpoint `/{はてなID}/{ブログID}/atom` (GET: the service document with the blog's
 *   title), the collection `…/atom/entry` (POST: 201 Created with the entry and its Location) and
 *   member URIs `…/atom/entry/{entry_id}` (GET, PUT: 200 with the entry; DELETE: 200);
 * - authentication by WSSE (X-WSSE: UsernameToken with PasswordDigest = Base64(SHA1(nonce + created
 *   + APIキー)), the nonce sent Base64-encoded) or Basic (`はてなID:APIキー`); anything else 401;
 * - an unknown はてなID or ブログID, or an unknown entry: 404; XML it cannot read: 400;
 * - draft control: an entry is a draft only with <app:control><app:draft>yes</app:draft>; without it,
 *   it is published (RFC 5023 §13.1.1), as on Hatena;
 * - the entry as Hatena answers it: id, link rel=edit and rel=alternate, author, title, updated,
 *   published, app:edited, summary, content (its type kept), hatena:formatted-content,
 *   categories, app:control with app:draft and app:preview.
 *
 * Not documented by Hatena, and off unless asked for (`etags: true`): entity tags as RFC 5023
 * §9.5 suggests — an ETag on each entry answer, and a PUT whose If-Match names another version of
 * the entry refused with 412 — to test the client's conditional update where a server has them.
 *
 * What Kurabe sent is kept (`received`: method, path, headers, body) so tests can parse it as XML.
 * It also serves `/{はてなID}/{ブログID}/edit?entry=…`, a page standing in for the editor.
 */

const ATOM = 'http://www.w3.org/2005/Atom';
const APP = 'http://www.w3.org/2007/app';

export interface StoredEntry {
  id: string;
  title: string;
  content: string;
  contentType: string;
  categories: string[];
  draft: boolean;
  published: string;
  edited: string;
}

export interface HatenaDouble {
  /** The server's origin (http://127.0.0.1:PORT). */
  origin: string;
  /** The root endpoint of the blog: {origin}/{はてなID}/{ブログID}/atom */
  endpoint: string;
  hatenaId: string;
  blogId: string;
  apiKey: string;
  entries: Map<string, StoredEntry>;
  received: { method: string; path: string; headers: IncomingMessage['headers']; body: string }[];
  /** Edit an entry as if on the blog (a new app:edited). */
  editOnBlog(id: string, change: Partial<StoredEntry>): void;
  stop(): Promise<void>;
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export async function startHatenaDouble(
  options: { hatenaId?: string; blogId?: string; apiKey?: string; title?: string; etags?: boolean } = {},
): Promise<HatenaDouble> {
  const hatenaId = options.hatenaId ?? 'kurabe-writer';
  const blogId = options.blogId ?? 'kurabe-writer.hatenablog.com';
  const apiKey = options.apiKey ?? 'k3yK3yK3y+/=';
  const title = options.title ?? '比べて書くブログ & Co <test>';
  const entries = new Map<string, StoredEntry>();
  /** Each entry's version, raised by every change (its entity tag with `etags`). */
  const versions = new Map<string, number>();
  const bump = (id: string) => versions.set(id, (versions.get(id) ?? 0) + 1);
  const etagOf = (id: string) => `"${id}-v${versions.get(id) ?? 0}"`;
  const etagHeader = (id: string): Record<string, string> => (options.etags ? { ETag: etagOf(id) } : {});
  const received: HatenaDouble['received'] = [];
  let clock = Date.UTC(2026, 11, 3, 0, 0, 0);
  let nextId = 6801883189054638642n;
  // Hatena writes times in the blog's zone (+09:00 for a Japanese blog).
  const stamp = () => {
    clock += 60_000;
    return `${new Date(clock + 9 * 3600_000).toISOString().slice(0, 19)}+09:00`;
  };
  const root = `/${hatenaId}/${blogId}/atom`;
  let origin = '';

  const authorized = (req: IncomingMessage): boolean => {
    const wsse = req.headers['x-wsse'];
    if (typeof wsse === 'string') {
      const field = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(wsse)?.[1];
      const [user, digest, nonce, created] = ['Username', 'PasswordDigest', 'Nonce', 'Created'].map(field);
      if (!wsse.startsWith('UsernameToken ') || !user || !digest || !nonce || !created) return false;
      const expected = createHash('sha1')
        .update(Buffer.concat([Buffer.from(nonce, 'base64'), Buffer.from(created + apiKey, 'utf8')]))
        .digest('base64');
      return user === hatenaId && digest === expected;
    }
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    if (basic) return Buffer.from(basic[1]!, 'base64').toString('utf8') === `${hatenaId}:${apiKey}`;
    return false;
  };

  const entryXml = (entry: StoredEntry) => {
    const member = `${origin}${root}/entry/${entry.id}`;
    const day = entry.published.slice(0, 10).replace(/-/g, '/');
    return `<?xml version="1.0" encoding="utf-8"?>
<entry xmlns="${ATOM}"
       xmlns:app="${APP}">
  <id>tag:blog.hatena.ne.jp,2013:blog-${hatenaId}-20000000000000-${entry.id}</id>
  <link rel="edit" href="${escapeXml(member)}"/>
  <link rel="alternate" type="text/html" href="https://${blogId}/entry/${day}/${entry.id}"/>
  <author><name>${escapeXml(hatenaId)}</name></author>
  <title>${escapeXml(entry.title)}</title>
  <updated>${entry.published}</updated>
  <published>${entry.published}</published>
  <app:edited>${entry.edited}</app:edited>
  <summary type="text">${escapeXml(entry.content.slice(0, 100))}</summary>
  <content type="${escapeXml(entry.contentType)}">${escapeXml(entry.content)}</content>
  <hatena:formatted-content type="text/html" xmlns:hatena="http://www.hatena.ne.jp/info/xmlns#">${escapeXml(`<p>${escapeXml(entry.content)}</p>`)}</hatena:formatted-content>
${entry.categories.map((c) => `  <category term="${escapeXml(c)}" />`).join('\n')}
  <app:control>
    <app:draft>${entry.draft ? 'yes' : 'no'}</app:draft>
    <app:preview>no</app:preview>
  </app:control>
</entry>
`;
  };

  /** An entry document as Hatena reads it; undefined when it is no Atom entry. */
  const readEntry = (body: string) => {
    const doc = new new JSDOM('').window.DOMParser().parseFromString(body, 'application/xml');
    const entry = doc.documentElement;
    if (
      doc.getElementsByTagName('parsererror').length ||
      entry.namespaceURI !== ATOM ||
      entry.localName !== 'entry'
    )
      return undefined;
    const first = (ns: string, name: string) => entry.getElementsByTagNameNS(ns, name)[0];
    const content = first(ATOM, 'content');
    return {
      title: first(ATOM, 'title')?.textContent ?? '',
      content: content?.textContent ?? '',
      contentType: content?.getAttribute('type') ?? 'text/plain',
      categories: Array.from(
        entry.getElementsByTagNameNS(ATOM, 'category'),
        (c) => c.getAttribute('term') ?? '',
      ),
      draft: first(APP, 'draft')?.textContent?.trim() === 'yes',
    };
  };

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/atom+xml; type=entry; charset=utf-8', ...headers });
    res.end(body);
  };
  const plain = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(text);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', origin);
    const path = decodeURIComponent(url.pathname);
    if (path === `/${hatenaId}/${blogId}/edit` && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><meta charset="utf-8"><title>編集 ${escapeXml(url.searchParams.get('entry') ?? '')}</title><h1>はてなブログの編集画面（テスト用）</h1>`,
      );
      return;
    }
    if (!path.startsWith(`${root}`) || (path !== root && !path.startsWith(`${root}/`)))
      return plain(res, 404, '404 Not Found');
    if (!authorized(req)) return plain(res, 401, '401 Unauthorized');
    if (path === root && req.method === 'GET') {
      return send(
        res,
        200,
        `<?xml version="1.0" encoding="utf-8"?>
<service xmlns="${APP}" xmlns:atom="${ATOM}">
  <workspace>
    <atom:title>${escapeXml(title)}</atom:title>
    <collection href="${escapeXml(`${origin}${root}/entry`)}">
      <atom:title>${escapeXml(title)}</atom:title>
      <accept>application/atom+xml;type=entry</accept>
    </collection>
  </workspace>
</service>
`,
        { 'Content-Type': 'application/atomsvc+xml; charset=utf-8' },
      );
    }
    if (path === `${root}/entry` && req.method === 'POST') {
      const input = readEntry(body);
      if (!input) return plain(res, 400, '400 Bad Request');
      const now = stamp();
      const entry: StoredEntry = { id: String(nextId++), ...input, published: now, edited: now };
      entries.set(entry.id, entry);
      bump(entry.id);
      return send(res, 201, entryXml(entry), {
        Location: `${origin}${root}/entry/${entry.id}`,
        ...etagHeader(entry.id),
      });
    }
    const member = new RegExp(`^${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/entry/([^/]+)$`).exec(path);
    if (member) {
      const entry = entries.get(member[1]!);
      if (!entry) return plain(res, 404, '404 Not Found');
      if (req.method === 'GET') return send(res, 200, entryXml(entry), etagHeader(entry.id));
      if (req.method === 'PUT') {
        const ifMatch = req.headers['if-match'];
        if (options.etags && typeof ifMatch === 'string' && ifMatch !== etagOf(entry.id))
          return plain(res, 412, '412 Precondition Failed');
        const input = readEntry(body);
        if (!input) return plain(res, 400, '400 Bad Request');
        Object.assign(entry, input, { edited: stamp() });
        bump(entry.id);
        return send(res, 200, entryXml(entry), etagHeader(entry.id));
      }
      if (req.method === 'DELETE') {
        entries.delete(entry.id);
        return plain(res, 200, '');
      }
      return plain(res, 405, '405 Method Not Allowed');
    }
    return plain(res, 404, '404 Not Found');
  };

  const server = createServer((req, res) => {
    // CORS, for the integration tests' happy-dom, whose fetch applies it as a web page's would
    // (the extension, holding the blog's host permission, is not subject to it). Hatena's own
    // answers are not part of this double's contract here.
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'Location, ETag');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE',
        'Access-Control-Allow-Headers': 'X-WSSE, Authorization, Content-Type, Accept, If-Match',
      });
      res.end();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ method: req.method ?? 'GET', path: req.url ?? '', headers: req.headers, body });
      handle(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    endpoint: `${origin}${root}`,
    hatenaId,
    blogId,
    apiKey,
    entries,
    received,
    editOnBlog(id, change) {
      const entry = entries.get(id);
      if (!entry) return;
      Object.assign(entry, change, { edited: stamp() });
      bump(id);
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
