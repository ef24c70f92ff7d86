import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../helpers/couch-server';

/**
 * A real WordPress for tests: Debian's packaged WordPress (`wordpress`, in /usr/share/wordpress,
 * with its links to other packages' scripts that the block editor loads), served by `php -S` on a
 * free localhost port, on a MariaDB of its own (a temporary data directory, a socket, no TCP port),
 * installed afresh, with an administrator, an application password and a few tags.
 *
 * Nothing is written outside the temporary folder: Debian's wp-config.php reads
 * /etc/wordpress/config-HOST.php, so the server runs from a tree of links to /usr/share/wordpress
 * with a wp-config.php of its own, and the router (wordpress-router.php) points ABSPATH there.
 * `stop()` ends php and MariaDB and removes the folder. `.ci/run` installs the packages
 * (wordpress php-cli php-mysql mariadb-server); no service apt may have started is used.
 */
export interface WordPressServer {
  /** The site's address, `http://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  /** The REST API's root: `URL/wp-json/` with pretty permalinks, else `URL/?rest_route=/`. */
  restRoot: string;
  title: string;
  admin: {
    id: number;
    username: string;
    /** The login password (wp-login.php). */
    password: string;
    /** An application password for the REST API (`xxxx xxxx …`, spaces as WordPress shows it). */
    applicationPassword: string;
  };
  /** The tags the site already has. */
  tags: { id: number; name: string }[];
  /** How long each start-up step took, in milliseconds (reported, never asserted). */
  timings: { database: number; install: number; php: number; total: number };
  /** A REST API URL for `route` (`/wp/v2/posts/12`) with query parameters, for either permalink kind. */
  rest(route: string, query?: Record<string, string>): string;
  /** Basic auth header value for the admin's application password (or another password). */
  authorization(password?: string): string;
  /**
   * Runs PHP code inside the site (WordPress loaded, e.g. `return parse_blocks(...);`) and returns
   * what it returns, as JSON: for what the REST API does not show or change.
   */
  php<T = unknown>(code: string): Promise<T>;
  /** Switches between pretty permalinks (/wp-json/) and plain ones (only ?rest_route=). */
  setPrettyPermalinks(pretty: boolean): Promise<void>;
  stop(): Promise<void>;
}

export interface WordPressOptions {
  /** Pretty permalinks (/wp-json/ works) or plain ones (only ?rest_route=). Default: pretty. */
  pretty?: boolean;
  title?: string;
  tags?: string[];
}

const WORDPRESS = '/usr/share/wordpress';
const HERE = import.meta.dirname;
const run = promisify(execFile);

/** A PHP single-quoted string literal. */
const phpString = (value: string): string => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/** Polls `ready` every 50 ms until it is true or `timeout` ms have passed. */
async function waitUntil(what: string, ready: () => Promise<boolean> | boolean, timeout: number) {
  const deadline = Date.now() + timeout;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`${what} did not start within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Ends a child and its process group (php -S forks its workers, which outlive a killed parent),
 * forcefully if it does not go within five seconds.
 */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function end(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const signal = (name: NodeJS.Signals) => killGroup(child, name);
  const gone = exited(child);
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5_000);
  await gone;
  clearTimeout(timer);
  signal('SIGKILL'); // a worker still there
}

export async function startWordPress(options: WordPressOptions = {}): Promise<WordPressServer> {
  const { pretty = true, title = 'Kurabe テストブログ', tags = ['比較', 'SaaS', '営業'] } = options;
  if (!existsSync(`${WORDPRESS}/wp-settings.php`)) {
    throw new Error(
      `no WordPress in ${WORDPRESS}: apt-get install wordpress php-cli php-mysql mariadb-server`,
    );
  }
  const started = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'kurabe-wp-'));
  const children: ChildProcess[] = [];
  // If the test process ends without stop() (a crash, ^C), its own groups end with it.
  const onExit = () => {
    for (const child of children) killGroup(child, 'SIGKILL');
  };
  process.once('exit', onExit);
  const stop = async () => {
    process.off('exit', onExit);
    for (const child of children.reverse()) await end(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // MariaDB on a data directory of its own, reached through a socket only (no port to collide).
    // --no-defaults: nothing from /etc/mysql (its socket, its data directory) applies.
    const data = path.join(dir, 'db');
    const socket = path.join(dir, 'mysql.sock');
    await run('mariadb-install-db', [
      '--no-defaults',
      `--datadir=${data}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      '--skip-name-resolve',
      ...(process.getuid?.() === 0 ? ['--user=root'] : []),
    ]);
    const mariadb = spawn(
      'mariadbd',
      [
        '--no-defaults',
        `--datadir=${data}`,
        `--socket=${socket}`,
        `--pid-file=${path.join(dir, 'mysql.pid')}`,
        `--log-error=${path.join(dir, 'mysql.err')}`,
        '--skip-networking',
        '--skip-log-bin',
        '--performance-schema=OFF',
        '--innodb-buffer-pool-size=32M',
        // mariadbd refuses to run as root unless told to (CI runs as root).
        ...(process.getuid?.() === 0 ? ['--user=root'] : []),
      ],
      { stdio: 'ignore', detached: true },
    );
    children.push(mariadb);
    await waitUntil(
      'MariaDB',
      async () => {
        if (mariadb.exitCode !== null) throw new Error(`mariadbd exited (${mariadb.exitCode}); see its log`);
        if (!existsSync(socket)) return false;
        return run('mariadb', [
          '--no-defaults',
          `--socket=${socket}`,
          '-uroot',
          '-e',
          'CREATE DATABASE wordpress',
        ])
          .then(() => true)
          .catch(() => false);
      },
      30_000,
    );
    const database = performance.now() - started;

    // The tree WordPress runs from: links to Debian's files, its own wp-config.php and wp-content.
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    const url = `http://${host}`;
    const root = path.join(dir, 'wordpress');
    mkdirSync(root);
    for (const entry of readdirSync(WORDPRESS)) {
      if (entry === 'wp-config.php' || entry === 'wp-content' || entry === '.htaccess') continue;
      symlinkSync(path.join(WORDPRESS, entry), path.join(root, entry));
    }
    const content = path.join(root, 'wp-content');
    mkdirSync(path.join(content, 'uploads'), { recursive: true });
    mkdirSync(path.join(content, 'themes'));
    symlinkSync(path.join(WORDPRESS, 'wp-content/plugins'), path.join(content, 'plugins'));
    const salt = () => randomBytes(32).toString('hex');
    const constants: Record<string, string | boolean> = {
      DB_NAME: 'wordpress',
      DB_USER: 'root',
      DB_PASSWORD: '',
      DB_HOST: `localhost:${socket}`,
      DB_CHARSET: 'utf8mb4',
      DB_COLLATE: '',
      WP_HOME: url,
      WP_SITEURL: url,
      WP_CONTENT_DIR: content,
      WP_CONTENT_URL: `${url}/wp-content`,
      // Application passwords over plain http: WordPress allows them on a "local" site.
      WP_ENVIRONMENT_TYPE: 'local',
      // No calls to wordpress.org (updates, news, the dashboard's feeds) and no cron requests back
      // to this single server.
      WP_HTTP_BLOCK_EXTERNAL: true,
      AUTOMATIC_UPDATER_DISABLED: true,
      DISABLE_WP_CRON: true,
      WP_AUTO_UPDATE_CORE: false,
      WP_DEBUG: false,
      AUTH_KEY: salt(),
      SECURE_AUTH_KEY: salt(),
      LOGGED_IN_KEY: salt(),
      NONCE_KEY: salt(),
      AUTH_SALT: salt(),
      SECURE_AUTH_SALT: salt(),
      LOGGED_IN_SALT: salt(),
      NONCE_SALT: salt(),
    };
    writeFileSync(
      path.join(root, 'wp-config.php'),
      [
        '<?php',
        '// Written by tests/servers/wordpress.ts for one test run.',
        ...Object.entries(constants).map(
          ([name, value]) =>
            `define('${name}', ${typeof value === 'boolean' ? String(value) : phpString(value)});`,
        ),
        "$table_prefix = 'wp_';",
        "if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');",
        "require_once ABSPATH . 'wp-settings.php';",
        '',
      ].join('\n'),
    );

    const admin = { username: 'kurabe-admin', password: `pw-${salt()}` };
    const { stdout } = await run('php', [
      path.join(HERE, 'wordpress-setup.php'),
      JSON.stringify({
        root,
        host,
        title,
        username: admin.username,
        password: admin.password,
        email: 'admin@example.test',
        language: '',
        pretty,
        tags,
      }),
    ]);
    const setup = JSON.parse(stdout) as {
      userId: number;
      applicationPassword: string;
      tags: { id: number; name: string }[];
    };
    const install = performance.now() - started - database;

    // Several workers: the block editor asks for many things at once, and one request may wait
    // for another (PHP_CLI_SERVER_WORKERS, PHP 7.4+ on Linux).
    const server = spawn('php', ['-S', host, '-t', root, path.join(HERE, 'wordpress-router.php')], {
      cwd: root,
      env: { ...process.env, PHP_CLI_SERVER_WORKERS: '4' },
      stdio: 'ignore',
      // Its own process group, so that stop() ends the workers with it.
      detached: true,
    });
    children.push(server);
    await waitUntil(
      'php -S',
      async () => {
        if (server.exitCode !== null) throw new Error(`php -S exited (${server.exitCode})`);
        return fetch(`${url}/wp-login.php`)
          .then((res) => res.ok)
          .catch(() => false);
      },
      30_000,
    );
    const total = performance.now() - started;

    const php = async <T>(code: string): Promise<T> => {
      const { stdout } = await run('php', [path.join(HERE, 'wordpress-eval.php'), root, host, code]);
      return JSON.parse(stdout) as T;
    };
    let prettyNow = pretty;
    return {
      url,
      get restRoot() {
        return prettyNow ? `${url}/wp-json/` : `${url}/?rest_route=/`;
      },
      title,
      admin: { id: setup.userId, ...admin, applicationPassword: setup.applicationPassword },
      tags: setup.tags,
      timings: { database, install, php: total - database - install, total },
      rest(route, query = {}) {
        const params = new URLSearchParams(query).toString();
        if (prettyNow) return `${url}/wp-json${route}${params ? `?${params}` : ''}`;
        return `${url}/?rest_route=${encodeURIComponent(route)}${params ? `&${params}` : ''}`;
      },
      authorization(password = setup.applicationPassword) {
        return `Basic ${Buffer.from(`${admin.username}:${password}`).toString('base64')}`;
      },
      php,
      async setPrettyPermalinks(value) {
        await php(
          `update_option('permalink_structure', ${value ? "'/%postname%/'" : "''"}); flush_rewrite_rules(false); return true;`,
        );
        prettyNow = value;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
