import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A CouchDB-protocol server for tests: pouchdb-server (npm), in memory, on a free localhost port,
 * its config and log in a temporary folder. One per test file; each test takes a database of its
 * own name (freshDatabaseName).
 */
export interface CouchServer {
  url: string;
  port: number;
  /** An admin that exists on the server (admin party is off once one exists). */
  admin: { username: string; password: string };
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const require = createRequire(import.meta.url);

export async function startCouchServer(): Promise<CouchServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'kurabe-couch-'));
  const bin = require.resolve('pouchdb-server/bin/pouchdb-server');
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, '--in-memory', '-n', '-p', String(port), '-d', dir, '-c', path.join(dir, 'config.json')],
    { cwd: dir, stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      if (i > 200) throw new Error('pouchdb-server did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const admin = { username: 'admin', password: 'admin-secret' };
  const created = await fetch(`${url}/_config/admins/${admin.username}`, {
    method: 'PUT',
    body: JSON.stringify(admin.password),
  });
  if (!created.ok) throw new Error(`could not create the admin: ${created.status}`);
  return {
    url,
    port,
    admin,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let databases = 0;
/** A database name no other test uses. */
export const freshDatabaseName = (): string => `kurabe-test-${process.pid}-${++databases}-${Date.now()}`;

/** Creates a database no other test uses on the server, as its admin; gives its name. */
export async function createFreshDatabase(couch: CouchServer): Promise<string> {
  const name = freshDatabaseName();
  const created = await fetch(`${couch.url}/${name}`, {
    method: 'PUT',
    headers: { Authorization: basicAuth(couch.admin) },
  });
  if (created.status !== 201) throw new Error(`creating ${name}: ${created.status}`);
  return name;
}

/** Basic auth header value for the server's admin. */
export const basicAuth = ({ username, password }: { username: string; password: string }): string =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/**
 * A TCP proxy in front of the server that can be cut and restored: the server "stops" for the
 * client (connections refused, the ones open dropped) and "starts" again with its data.
 */
export interface CuttableProxy {
  url: string;
  /** Bytes that went through: to the server (up) and back (down). */
  bytes: { up: number; down: number };
  /** Cuts (as `cut`) once this many more bytes have come back from the server. */
  cutAfter(bytes: number): Promise<void>;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number): Promise<CuttableProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let budget = Number.POSITIVE_INFINITY;
  const bytes = { up: 0, down: 0 };
  let onCut: (() => void) | undefined;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1');
        sockets.add(client).add(upstream);
        client.pipe(upstream);
        client.on('data', (chunk: Buffer) => {
          bytes.up += chunk.length;
        });
        upstream.on('data', (chunk: Buffer) => {
          bytes.down += chunk.length;
          budget -= chunk.length;
          if (budget <= 0) {
            budget = Number.POSITIVE_INFINITY;
            void stop().then(onCut);
            return;
          }
          client.write(chunk);
        });
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (server) server.close(() => resolve());
      else resolve();
      server = undefined;
    });
  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    bytes,
    cut: stop,
    cutAfter: (bytes) =>
      new Promise<void>((resolve) => {
        budget = bytes;
        onCut = resolve;
      }),
    restore: listen,
    close: stop,
  };
}
