import { useState } from 'preact/hooks';
import { type MessageKey, t } from '@/utils/i18n';
import type { PublishFailure } from '@/utils/publish/http';

/** What the set-up form gives: WordPress (site URL, user, application password) or Hatena (はてなID, ブログID or endpoint, API key). */
export interface BlogForm {
  kind: 'hatena' | 'wordpress';
  /** WordPress: the site URL; Hatena: the ブログID or the root endpoint. */
  address: string;
  /** WordPress: the user name; Hatena: the はてなID. */
  user: string;
  /** The application password or API key; empty keeps the saved one. */
  secret: string;
}

/** A blog as pages see it: no key, no password. */
export interface BlogView {
  key: string;
  kind: 'hatena' | 'wordpress';
  /** The site URL or the Hatena root endpoint. */
  address: string;
  user: string;
  title: string;
}

/** The last connection test: the blog's title, or why it failed. */
export type BlogTestResult = { title: string } | { failure: PublishFailure };

interface BlogSettingsProps {
  blogs: BlogView[];
  testing: boolean;
  result?: BlogTestResult;
  /** 「接続を確認」: asks for the site's permission from this click, tests, and saves on success. */
  onTest: (form: BlogForm) => void;
  onRemove: (key: string) => void;
}

/**
 * The blogs 「下書きとして送る」 sends to (Data tab, beside sync: both hold a key that leaves the
 * browser only for the site the person named). The key field is never filled back: the key
 * stays in storage.local and never comes back to a page.
 */
export function BlogSettings({ blogs, testing, result, onTest, onRemove }: BlogSettingsProps) {
  const [kind, setKind] = useState<BlogForm['kind']>('hatena');
  const [address, setAddress] = useState('');
  const [user, setUser] = useState('');
  const [secret, setSecret] = useState('');
  const hatena = kind === 'hatena';
  const ready = address.trim() !== '' && user.trim() !== '' && (secret !== '' || blogs.length > 0);
  return (
    <section class="blog-settings" aria-labelledby="blog-heading">
      <h2 id="blog-heading">{t('blogHeading')}</h2>
      <p class="blog-about">{t('blogAbout')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!ready || testing) return;
          onTest({ kind, address, user, secret });
          setSecret('');
        }}
      >
        <label>
          {t('blogKind')}
          <select
            class="blog-kind"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value === 'wordpress' ? 'wordpress' : 'hatena')}
          >
            <option value="hatena">{t('blogKindHatena')}</option>
            <option value="wordpress">{t('blogKindWordPress')}</option>
          </select>
        </label>
        <label>
          {hatena ? t('blogHatenaId') : t('blogUser')}
          <input
            class="blog-user"
            autocomplete="username"
            value={user}
            onInput={(e) => setUser(e.currentTarget.value)}
          />
        </label>
        <label>
          {hatena ? t('blogHatenaBlogId') : t('blogSiteUrl')}
          <input
            class="blog-address"
            value={address}
            placeholder={hatena ? 'example.hatenablog.com' : 'https://blog.example'}
            onInput={(e) => setAddress(e.currentTarget.value)}
          />
        </label>
        <label>
          {hatena ? t('blogApiKey') : t('blogAppPassword')}
          <input
            class="blog-secret"
            type="password"
            autocomplete="off"
            value={secret}
            placeholder={blogs.length > 0 ? t('blogKeyKept') : ''}
            onInput={(e) => setSecret(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="blog-test" disabled={!ready || testing}>
          {testing ? t('blogTesting') : t('blogTest')}
        </button>
      </form>
      {result && (
        <p class={'title' in result ? 'blog-result' : 'blog-result sync-error'} role="status">
          {'title' in result
            ? t('blogConnected', result.title)
            : result.failure === 'permission'
              ? t('blogPermissionRefused')
              : t(`publishFailed_${result.failure}` as MessageKey)}
        </p>
      )}
      {blogs.length > 0 && (
        <>
          <h3>{t('blogSavedList')}</h3>
          <ul class="blog-list">
            {blogs.map((blog) => (
              <li key={blog.key} class="blog-item">
                <span class="blog-name">
                  {blog.title || blog.address} —{' '}
                  {blog.kind === 'hatena' ? t('blogKindHatena') : t('blogKindWordPress')} ({blog.user})
                </span>
                <button type="button" class="blog-remove" onClick={() => onRemove(blog.key)}>
                  {t('blogRemove')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
