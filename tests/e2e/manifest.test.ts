import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './harness';

/** Every permission Kurabe may ask for, and why. Anything else fails the build's test. */
const ALLOWED_PERMISSIONS: Record<string, string> = {
  activeTab: 'read the page the user clicked the toolbar button on, and only that page',
  scripting: 'inject the extraction script into that page on demand (no content script on every page)',
  sidePanel: 'show the Inbox and reader beside the page (Chrome)',
  contextMenus: '"Clip this page" and "Clip selection as a quote" in the page\'s context menu',
  storage:
    "the sync server's address, user and password, and the sync's status (storage.local, never a backup)",
  alarms: 'sync now and then while the browser runs (only once sync is set up)',
};

/** Host access Kurabe may ask for later, one origin at a time, when the user sets up sync. */
const SYNC_SERVER_ORIGINS = ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'];
/** Sync's server and the blogs drafts go to (Hatena Blog's AtomPub named; a WordPress site is any of the others). */
const OPTIONAL_ORIGINS = [...SYNC_SERVER_ORIGINS, 'https://blog.hatena.ne.jp/*'];

const manifest = (target: string) =>
  JSON.parse(readFileSync(path.join(ROOT, '.output', target, 'manifest.json'), 'utf8')) as Record<
    string,
    unknown
  >;

describe.each(['chrome-mv3', 'firefox-mv2'])('built manifest (%s)', (target) => {
  const m = manifest(target);

  it('is named Kurabe with a localized description and icons', () => {
    expect(m.name).toBe('Kurabe');
    expect(m.description).toBe('__MSG_extDescription__');
    expect(m.default_locale).toBe('en');
    expect(Object.keys(m.icons as object)).toEqual(['16', '32', '48', '128']);
  });

  it('asks only for allowed permissions and no host access', () => {
    const permissions = (m.permissions as string[]) ?? [];
    for (const p of permissions) expect(ALLOWED_PERMISSIONS, `unexpected permission ${p}`).toHaveProperty(p);
    expect(permissions.filter((p) => /[:/*]|<all_urls>/.test(p))).toEqual([]);
    expect(m.host_permissions).toBeUndefined();
    // Optional only: asked for from the click that sets sync up (or tests a blog) (Firefox MV2 keeps origins in
    // optional_permissions; WXT 0.21 drops optional_host_permissions there).
    if (target === 'chrome-mv3') {
      expect(m.optional_host_permissions).toEqual(OPTIONAL_ORIGINS);
      expect(m.optional_permissions).toBeUndefined();
    } else {
      expect(m.optional_permissions).toEqual(OPTIONAL_ORIGINS);
      expect(m.optional_host_permissions).toBeUndefined();
    }
    expect(m.content_scripts).toBeUndefined();
  });

  it('keeps remote code and content out of its pages', () => {
    const csp = m.content_security_policy;
    const policy = typeof csp === 'string' ? csp : (csp as { extension_pages: string }).extension_pages;
    expect(policy).toContain("script-src 'self'");
    // The extension itself, and a sync server: https, or http on this computer only.
    expect(policy).toContain("connect-src 'self' https: http://localhost:* http://127.0.0.1:*;");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-src 'none'");
    expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*https?:/);
  });

  it('opens its UI beside the page', () => {
    if (target === 'chrome-mv3') expect(m.side_panel).toEqual({ default_path: 'sidepanel.html' });
    else expect(m.sidebar_action).toMatchObject({ default_panel: 'sidepanel.html' });
  });
});
