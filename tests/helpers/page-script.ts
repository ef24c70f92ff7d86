import path from 'node:path';
import { build } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * A module of the repository bundled into one self-contained IIFE, to inject into a page in
 * Chromium with `addScriptTag` (the bench's timing script, the e2e test of the two sanitizers).
 */
export async function pageScript(entry: string): Promise<string> {
  const bundle = (await build({
    configFile: false,
    logLevel: 'silent',
    resolve: { alias: { '@': ROOT } },
    build: {
      write: false,
      minify: true,
      lib: { entry: path.join(ROOT, entry), formats: ['iife'], name: 'KurabePageScript' },
    },
  })) as { output: { code?: string }[] }[] | { output: { code?: string }[] };
  return (Array.isArray(bundle) ? bundle[0]! : bundle).output[0]!.code!;
}
