#!/usr/bin/env node
// Runs one of Kurabe's TypeScript command lines (scripts/<name>.ts) at plain-Node speed: the
// first run bundles it with Vite into .output/cli/<name>.mjs, later runs reuse that bundle until
// a source file changes. (tsx alone costs about 1.5 s a start, which a scorer calling the command
// once per batch of pages pays every time.)
//   node scripts/cli.mjs extract FILE.html... [--url URL]
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const [name, ...rest] = process.argv.slice(2);
if (!name || !existsSync(path.join(root, 'scripts', `${name}.ts`))) {
  console.error('usage: node scripts/cli.mjs NAME [ARGS...]   (NAME: a scripts/NAME.ts command line)');
  process.exit(2);
}
const entry = path.join(root, 'scripts', `${name}.ts`);
const out = path.join(root, '.output/cli', `${name}.mjs`);

function newest(p) {
  const stat = statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(p).map((f) => newest(path.join(p, f))));
}

const sources = [entry, path.join(root, 'utils'), path.join(root, 'package-lock.json')].filter(existsSync);
if (!existsSync(out) || Math.max(...sources.map(newest)) > statSync(out).mtimeMs) {
  const { build } = await import('vite');
  await build({
    configFile: false,
    logLevel: 'warn',
    root,
    resolve: { alias: { '@': root } },
    build: {
      ssr: entry,
      outDir: path.dirname(out),
      emptyOutDir: false,
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: `${name}.mjs` } },
    },
    // jsdom stays a package import (it reads its own files at run time); the rest is bundled.
    ssr: { noExternal: true, external: ['jsdom'] },
  });
}
process.argv = [process.argv[0], out, ...rest];
await import(pathToFileURL(out).href);
