import preact from '@preact/preset-vite';
import type { PluginOption } from 'vite';
import { defineConfig } from 'wxt';

// Extension pages may load only their own code; images are the one remote thing a user can
// opt into per clip (the reader view's "Show images"), everything else stays out. Connections go
// to the extension itself, to the sync server the user sets up (docs/sync.md) and to the blogs
// drafts are sent to (Hatena Blog's AtomPub at https://blog.hatena.ne.jp, a WordPress site): any
// https origin (the host permission, asked for that one origin only, decides which), or plain
// http on this computer.
const EXTENSION_PAGES_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https: http:",
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
  "font-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * Where a sync server may be: asked for one origin at a time, from the click that sets sync up
 * (permissions.request), never at install. Firefox MV2 has no optional_host_permissions (WXT 0.21
 * drops the key from MV2 builds): origins go in optional_permissions there.
 */
const SYNC_SERVER_ORIGINS = ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'];

/**
 * Where 「下書きとして送る」 sends: Hatena Blog's AtomPub origin, named so the permission prompt and
 * the store listing say it; a WordPress site is any origin of SYNC_SERVER_ORIGINS, asked for
 * from the click of 「接続を確認」 like sync's server.
 */
const HATENA_BLOG_ORIGIN = 'https://blog.hatena.ne.jp/*';
const OPTIONAL_ORIGINS = [...SYNC_SERVER_ORIGINS, HATENA_BLOG_ORIGIN];

/**
 * PouchDB carries `scopeEval` (`Function.apply`) to run map and filter functions given as strings
 * (design documents). Kurabe never passes one, the extension pages' CSP forbids eval anyway, and
 * the stores' linters rightly refuse the code: it is replaced by a function that refuses.
 */
function withoutPouchEval(): PluginOption {
  const evalCall = 'return Function.apply(null, keys).apply(null, values);';
  return {
    name: 'kurabe-without-pouch-eval',
    transform(code, id) {
      if (!id.includes('pouchdb') || !code.includes(evalCall)) return null;
      return code.replace(evalCall, "throw new Error('Kurabe runs no functions given as strings');");
    },
  };
}

export default defineConfig({
  vite: () => ({ plugins: [preact(), withoutPouchEval()] }),
  manifest: ({ browser }) => ({
    name: 'Kurabe',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: [
      'activeTab',
      'scripting',
      'contextMenus',
      // The sync's credentials and status (storage.local), its periodic run (alarms).
      'storage',
      'alarms',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
    ...(browser === 'firefox'
      ? { optional_permissions: OPTIONAL_ORIGINS }
      : { optional_host_permissions: OPTIONAL_ORIGINS }),
    commands: {
      // Alt+Shift+K is free in Chrome, Edge and Firefox; people change it on the browser's
      // shortcut page (chrome://extensions/shortcuts, about:addons).
      'clip-page': { suggested_key: { default: 'Alt+Shift+K' }, description: '__MSG_commandClip__' },
    },
    action: { default_title: '__MSG_actionTitle__' },
    content_security_policy: { extension_pages: EXTENSION_PAGES_CSP },
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: 'kurabe@kurabe.invalid',
          // data_collection_permissions, which addons.mozilla.org requires, came in Firefox 140
          // (an ESR, as is 153).
          strict_min_version: '140.0',
          // Kurabe collects nothing: every clip stays in the browser.
          data_collection_permissions: { required: ['none'] },
        },
      },
    }),
  }),
});
