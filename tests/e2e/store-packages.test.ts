/**
 * The store packages (`npm run zip`, `npm run zip:firefox`) as the stores check them: the
 * Chrome Web Store's requirements for the manifest, icons and code, and Mozilla's own linter
 * (addons-linter, the one addons.mozilla.org runs) on the Firefox package.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROOT } from './harness';

const OUTPUT = path.join(ROOT, '.output');
const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

/** The files of a zip archive (stored or deflated entries, as every packer writes them). */
function unzip(file: string): Map<string, Buffer> {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + size);
    if (!name.endsWith('/')) files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

function packageOf(browser: 'chrome' | 'firefox'): string {
  const name = `kurabe-${version}-${browser}.zip`;
  expect(readdirSync(OUTPUT), `run npm run zip${browser === 'firefox' ? ':firefox' : ''} first`).toContain(
    name,
  );
  return path.join(OUTPUT, name);
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('the Chrome Web Store package', () => {
  const files = unzip(packageOf('chrome'));
  const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
  const messages = (lang: string) =>
    JSON.parse(files.get(`_locales/${lang}/messages.json`)!.toString('utf8')) as Record<
      string,
      { message: string }
    >;
  const code = [...files]
    .filter(([name]) => name.endsWith('.js'))
    .map(([name, data]) => [name, data.toString('utf8')]);

  it('has the manifest fields the store requires: name, description of at most 132 characters, version, icons', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.name).toBe('Kurabe');
    expect(manifest.version).toBe(version);
    for (const lang of ['en', 'ja']) {
      const description = messages(lang).extDescription!.message;
      expect(description.length, lang).toBeGreaterThan(20);
      expect([...description].length, lang).toBeLessThanOrEqual(132);
    }
    // The store's listing uses the 128 px icon; the toolbar the smaller ones.
    for (const [size, file] of Object.entries(manifest.icons as Record<string, string>)) {
      expect(pngSize(files.get(file)!), file).toEqual([Number(size), Number(size)]);
    }
    expect(manifest.icons['128']).toBeDefined();
  });

  it('holds no remote code: every script is in the package, nothing is evaluated from text', () => {
    expect(code.length).toBeGreaterThan(3);
    for (const [name, text] of code) {
      expect(text, name).not.toMatch(/\b(?:importScripts|import)\s*\(\s*["'`]https?:/);
      expect(text, name).not.toMatch(/\.src\s*=\s*["'`]https?:/);
      expect(text, name).not.toMatch(/<script[^>]+src=["']?https?:/i);
      expect(text, name).not.toMatch(/\beval\s*\(/);
      expect(text, name).not.toMatch(/\bnew\s+Function\s*\(/);
      expect(text, name).not.toMatch(/set(?:Timeout|Interval)\s*\(\s*["'`]/);
    }
    for (const [name, data] of files) {
      if (!name.endsWith('.html')) continue;
      const html = data.toString('utf8');
      expect(html, name).not.toMatch(/<script[^>]+src=["']?(?:https?:)?\/\//i);
    }
  });

  it('asks for no permission its code does not use', () => {
    const all = code.map(([, text]) => text).join('\n');
    const uses: Record<string, RegExp> = {
      // activeTab is what lets scripting.executeScript reach the clicked tab without host access.
      activeTab: /executeScript/,
      scripting: /\bscripting\.executeScript\b/,
      contextMenus: /\bcontextMenus\.(?:create|onClicked|removeAll)\b/,
      sidePanel: /\bsidePanel\??\.(?:open|setOptions|setPanelBehavior)\b/,
      // Sync (docs/sync.md): its settings and credentials in storage.local, its alarm.
      storage: /\bstorage\.local\b/,
      alarms: /\balarms\.(?:create|onAlarm)\b/,
    };
    for (const permission of manifest.permissions as string[]) {
      expect(uses, `a permission the test does not know: ${permission}`).toHaveProperty(permission);
      expect(uses[permission]!.test(all), `${permission} is asked for but not used`).toBe(true);
    }
    expect(manifest.host_permissions).toBeUndefined();
  });
});

/**
 * addons-linter's warnings on the Firefox package that are expected, each with why it is right.
 * Any other warning, and any error, fails.
 */
const EXPLAINED_WARNINGS: Record<string, string> = {
  UNSAFE_VAR_ASSIGNMENT:
    'innerHTML / outerHTML in the bundled DOMPurify, Readability, marked and Preact, and in utils/sanitize.ts: ' +
    'every one writes into an inert document (DOMParser, <template>) or writes what DOMPurify or the ' +
    "browser's Sanitizer has already cleaned",
  KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION:
    'data_collection_permissions (required by addons.mozilla.org) came in Firefox for Android 142; Kurabe is ' +
    'not offered for Android (it has no sidebar), so no gecko_android minimum is declared',
  DANGEROUS_EVAL: 'none expected: listed so that the message names it if a library starts using it',
};

describe('the Firefox package (addons-linter)', () => {
  it('has no error and only explained warnings', () => {
    const zip = packageOf('firefox');
    let out: string;
    try {
      out = execFileSync(
        process.execPath,
        [path.join(ROOT, 'node_modules/addons-linter/bin/addons-linter'), '--output', 'json', zip],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
    } catch (error) {
      // It exits 1 when it finds errors; the report is still on stdout.
      out = (error as { stdout: string }).stdout;
    }
    const report = JSON.parse(out) as {
      summary: { errors: number; notices: number; warnings: number };
      errors: { code: string; message: string; file?: string }[];
      warnings: { code: string; message: string; file?: string }[];
    };
    expect(report.errors.map((e) => `${e.code} ${e.file ?? ''}: ${e.message}`)).toEqual([]);
    const unexplained = report.warnings.filter(
      (w) => !(w.code in EXPLAINED_WARNINGS) || w.code === 'DANGEROUS_EVAL',
    );
    expect(unexplained.map((w) => `${w.code} ${w.file ?? ''}: ${w.message}`)).toEqual([]);
  });
});
