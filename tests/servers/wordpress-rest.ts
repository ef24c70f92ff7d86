import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * A small stand-in for WordPress's REST API (posts, tags, users/me, the index), for the client's
 * unit tests: what WordPress 6.1 answers for each case Kurabe meets (JSON shapes, status codes,
 * error codes such as `incorrect_password` and `rest_post_invalid_id`). The real WordPress is
 * tested by the i17-wordpress branch (MariaDB + Debian's wordpress package); this one runs in
 * every unit run and can be made to misbehave (REST disabled, slow, plain permalinks).
 */

export interface FakePost {
  id: number;
  title: string;
  content: string;
  status: string;
  tags: number[];
  modified_gmt: string;
}

export interface WordPressDouble {
  url: string;
  posts: Map<number, FakePost>;
  tags: { id: number; name: string }[];
  /** Every request: method, URL and its Authorization header (to check what was sent). */
  requests: { method: string; url: string; authorization?: string; body: string }[];
  /** Change a post as if edited on the blog (a new modified_gmt). */
  touch(id: number, change: Partial<FakePost>): void;
  stop(): Promise<void>;
}

export interface WordPressDoubleOptions {
  username?: string;
  password?: string;
  /** 'pretty': /wp-json/…; 'query': only ?rest_route=…; 'none': the REST API switched off. */
  style?: 'pretty' | 'query' | 'none';
  /** The site's title, as WordPress stores it (HTML-escaped). */
  name?: string;
  /** Milliseconds before every answer (timeouts). */
  delayMs?: number;
}

export async function startWordPressDouble(options: WordPressDoubleOptions = {}): Promise<WordPressDouble> {
  const { username = 'editor', password = 'abcd efgh ijkl mnop qrst uvwx', style = 'pretty' } = options;
  const name = options.name ?? 'テスト &amp; ブログ';
  const posts = new Map<number, FakePost>();
  const tags = [
    { id: 3, name: 'SaaS' },
    { id: 4, name: '営業' },
    { id: 5, name: 'Q&amp;A' },
    { id: 6, name: 'SaaS tools' },
  ];
  const requests: WordPressDouble['requests'] = [];
  let clock = Date.UTC(2026, 11, 3, 9, 0, 0);
  const stamp = () => {
    clock += 1000;
    return new Date(clock).toISOString().slice(0, 19);
  };
  let nextId = 100;

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(body));
  };

  const authState = (req: IncomingMessage): 'none' | 'ok' | 'bad' => {
    const header = req.headers.authorization;
    if (!header) return 'none';
    const match = /^Basic (.+)$/.exec(header);
    if (!match) return 'bad';
    const [user, ...rest] = Buffer.from(match[1]!, 'base64').toString('utf8').split(':');
    return user === username && rest.join(':') === password.replace(/\s+/g, '') ? 'ok' : 'bad';
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let route: string | undefined;
    if (style === 'pretty' && url.pathname.startsWith('/wp-json'))
      route = url.pathname.slice('/wp-json'.length) || '/';
    if (style !== 'none' && url.pathname === '/' && url.searchParams.has('rest_route'))
      route = url.searchParams.get('rest_route') ?? '/';
    if (route === undefined) {
      if (url.pathname === '/' && !url.searchParams.has('rest_route')) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8' });
        res.end('<!doctype html><title>blog</title><p>home</p>');
        return;
      }
      res.writeHead(404, { 'Content-Type': 'text/html; charset=UTF-8' });
      res.end('<!doctype html><title>Not found</title>');
      return;
    }
    const auth = authState(req);
    // WordPress refuses a wrong application password on every route, the index included.
    if (auth === 'bad')
      return json(res, 401, {
        code: 'incorrect_password',
        message: 'The provided password is an invalid application password.',
        data: { status: 401 },
      });
    if (route === '/' || route === '')
      return json(res, 200, {
        name,
        description: '',
        url: `http://${req.headers.host}`,
        namespaces: ['oembed/1.0', 'wp/v2'],
      });
    if (auth !== 'ok')
      return json(res, 401, {
        code: 'rest_not_logged_in',
        message: 'You are not currently logged in.',
        data: { status: 401 },
      });
    if (route === '/wp/v2/users/me') return json(res, 200, { id: 1, name: 'Editor &amp; Co' });
    if (route === '/wp/v2/tags' && req.method === 'GET') {
      const search = (url.searchParams.get('search') ?? '').toLowerCase();
      return json(
        res,
        200,
        tags.filter((t) => t.name.toLowerCase().includes(search)),
      );
    }
    if (route === '/wp/v2/posts' && req.method === 'POST') {
      const input = JSON.parse(body) as Partial<FakePost>;
      const post: FakePost = {
        id: nextId++,
        title: String(input.title ?? ''),
        content: String(input.content ?? ''),
        status: String(input.status ?? 'draft'),
        tags: input.tags ?? [],
        modified_gmt: stamp(),
      };
      posts.set(post.id, post);
      return json(res, 201, { ...post, title: { raw: post.title }, content: { raw: post.content } });
    }
    const one = /^\/wp\/v2\/posts\/(\d+)$/.exec(route);
    if (one) {
      const post = posts.get(Number(one[1]));
      if (!post)
        return json(res, 404, {
          code: 'rest_post_invalid_id',
          message: 'Invalid post ID.',
          data: { status: 404 },
        });
      if (req.method === 'GET')
        return json(res, 200, { ...post, title: { raw: post.title }, content: { raw: post.content } });
      if (req.method === 'POST' || req.method === 'PUT') {
        const input = JSON.parse(body) as Partial<FakePost>;
        Object.assign(post, {
          title: String(input.title ?? post.title),
          content: String(input.content ?? post.content),
          status: String(input.status ?? post.status),
          tags: input.tags ?? post.tags,
          modified_gmt: stamp(),
        });
        return json(res, 200, { ...post, title: { raw: post.title }, content: { raw: post.content } });
      }
    }
    return json(res, 404, { code: 'rest_no_route', message: 'No route was found.', data: { status: 404 } });
  };

  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      requests.push({
        method: req.method ?? 'GET',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body,
      });
      setTimeout(() => handle(req, res, body), options.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    tags,
    requests,
    touch(id, change) {
      const post = posts.get(id);
      if (post) Object.assign(post, change, { modified_gmt: stamp() });
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
