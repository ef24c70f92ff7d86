import { useEffect, useState } from 'preact/hooks';
import { formatDate, formatNumber, type MessageKey, t } from '@/utils/i18n';
import type { SyncConfig, SyncStatus } from '@/utils/sync/runner';
import { serverUrlProblem } from '@/utils/sync/status';

interface SyncSettingsProps {
  /** The saved set-up, without its password (the field stays empty: the password never comes back to a page). */
  config?: Omit<SyncConfig, 'password'>;
  status?: SyncStatus;
  syncing: boolean;
  /** The browser (or the person) refused the server's host permission. */
  refused?: boolean;
  /** Saves the set-up; asks for the server's host permission from this click. */
  onSave: (config: SyncConfig) => void;
  onSyncNow: () => void;
  onTurnOff: () => void;
}

/** Sync with a CouchDB server (docs/sync.md): set-up and a status line, in the Data tab. */
export function SyncSettings({
  config,
  status,
  syncing,
  refused,
  onSave,
  onSyncNow,
  onTurnOff,
}: SyncSettingsProps) {
  const [serverUrl, setServerUrl] = useState(config?.serverUrl ?? '');
  const [database, setDatabase] = useState(config?.database ?? '');
  const [username, setUsername] = useState(config?.username ?? '');
  const [password, setPassword] = useState('');
  // The saved set-up is read after the first render: it fills the fields, once.
  useEffect(() => {
    if (!config) return;
    setServerUrl((typed) => typed || config.serverUrl);
    setDatabase((typed) => typed || config.database);
    setUsername((typed) => typed || config.username);
  }, [config]);
  const problem = serverUrl.trim() === '' ? undefined : serverUrlProblem(serverUrl.trim());
  const plainHttp = problem === undefined && serverUrl.trim().startsWith('http:');
  const ready =
    serverUrl.trim() !== '' &&
    problem === undefined &&
    database.trim() !== '' &&
    username.trim() !== '' &&
    password !== '';
  return (
    <section class="sync-settings" aria-labelledby="sync-heading">
      <h2 id="sync-heading">{t('syncHeading')}</h2>
      <p class="sync-about">{t('syncAbout')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (ready) {
            onSave({
              serverUrl: serverUrl.trim().replace(/\/+$/, ''),
              database: database.trim(),
              username: username.trim(),
              password,
            });
            setPassword('');
          }
        }}
      >
        <label>
          {t('syncServerUrl')}
          <input
            class="sync-server"
            type="url"
            value={serverUrl}
            placeholder="https://couch.example:6984"
            onInput={(e) => setServerUrl(e.currentTarget.value)}
          />
        </label>
        {problem === 'insecure' && <p class="sync-error">{t('syncInsecure')}</p>}
        {problem === 'invalid' && <p class="sync-error">{t('syncInvalidUrl')}</p>}
        {plainHttp && <p class="sync-warning">{t('syncLocalHttp')}</p>}
        <label>
          {t('syncDatabase')}
          <input class="sync-database" value={database} onInput={(e) => setDatabase(e.currentTarget.value)} />
        </label>
        <label>
          {t('syncUser')}
          <input
            class="sync-user"
            autocomplete="username"
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('syncPassword')}
          <input
            class="sync-password"
            type="password"
            autocomplete="current-password"
            value={password}
            placeholder={config ? t('syncPasswordKept') : ''}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="sync-save" disabled={!ready}>
          {t('syncSave')}
        </button>
      </form>
      {refused && <p class="sync-error">{t('syncPermissionRefused')}</p>}
      {config && (
        <div class="sync-status-row">
          <p class="sync-status" role="status">
            {syncStatusText(status, syncing)}
          </p>
          <button type="button" class="sync-now" disabled={syncing} onClick={onSyncNow}>
            {t('syncNow')}
          </button>
          <button type="button" class="sync-off" onClick={onTurnOff}>
            {t('syncTurnOff')}
          </button>
        </div>
      )}
    </section>
  );
}

/** The status line: when it last synced, what waits, why it failed (in words to act on). */
export function syncStatusText(status: SyncStatus | undefined, syncing: boolean): string {
  if (syncing) return t('syncRunning');
  const parts: string[] = [];
  if (status?.failure) parts.push(t(`syncFailed_${status.failure}` as MessageKey));
  parts.push(status?.lastSyncAt ? t('syncLast', formatDate(status.lastSyncAt)) : t('syncNever'));
  if (status?.pending) parts.push(t('syncPending', formatNumber(status.pending)));
  if (status?.otherVersions) parts.push(t('syncOtherVersions', formatNumber(status.otherVersions)));
  return parts.join(' ');
}
