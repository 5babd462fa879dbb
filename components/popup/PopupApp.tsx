import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { AppError } from '@/utils/messaging/app-error';
import { t } from '@/utils/i18n/t';
import { type PublicSettings, sendMessage } from '@/utils/messaging/messages';
import type { QrCodeRecord } from '@/utils/codes/record';
import { AccountSwitcher } from '@/components/shared/AccountSwitcher';
import { CreateForm } from '@/components/create/CreateForm';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { LockedNotice } from './LockedNotice';
import { NoCredentials } from '@/components/shared/NoCredentials';
import { RecentList } from './RecentList';
import { ResultCard } from '@/components/create/ResultCard';

export const RECENT_COUNT = 5;

export function PopupApp() {
  const [settings, setSettings] = useState<PublicSettings>();
  const [settingsError, setSettingsError] = useState<AppError>();
  const [result, setResult] = useState<QrCodeRecord>();
  /** The current account's newest codes, with the AppID they were read for: a late answer for another is not shown. */
  const [recent, setRecent] = useState<{ appId: string; records: QrCodeRecord[] }>();
  const [permanentCount, setPermanentCount] = useState<number>();

  // IndexedDB (and idb) load after the first paint: the form is what the operator needs first.
  const refreshRecent = (appId: string) =>
    import('@/utils/storage/history-db').then(({ recentCodesOf }) => recentCodesOf(appId, RECENT_COUNT)).then((records) => setRecent({ appId, records }));

  const refreshPermanentCount = (appId: string) =>
    import('@/utils/history/query').then(({ permanentCodeCount }) => permanentCodeCount(appId)).then(setPermanentCount);

  // Again whenever the switcher changes the current account: its codes only, at once, and no card of another's.
  useEffect(() => {
    setResult((shown) => (shown && shown.appId !== settings?.appId ? undefined : shown));
    const appId = settings?.appId;
    if (!appId) return;
    // The count after the list: it reads every key of the account (seconds at 100,000 codes on a busy
    // machine), and IndexedDB would make the five-row cursor wait behind it.
    void refreshRecent(appId).then(() => refreshPermanentCount(appId));
  }, [settings?.appId]);

  useEffect(() => {
    // The form renders at once; the credentials check, then the account's recent codes, arrive when ready.
    void sendMessage('getSettings').then((reply) => (reply.success ? setSettings(reply.payload) : setSettingsError(reply.error)));
  }, []);

  const current = settings?.accounts.find((account) => account.id === settings.currentAccountId);
  // No account yet: nothing to read, and the list says there are no codes.
  const recentRecords = !settings ? undefined : !current ? [] : recent?.appId === current.appId ? recent.records : undefined;

  return (
    <main class="popup">
      <header class="bar">
        <h1>{t('popupTitle')}</h1>
        <nav class="bar-links">
          <button type="button" class="link" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/codes.html') })}>
            {t('openHistory')}
          </button>
          <button type="button" class="link" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/batch.html') })}>
            {t('openBatch')}
          </button>
          <button type="button" class="link" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/report.html') })}>
            {t('openReport')}
          </button>
          <button type="button" class="link" onClick={() => browser.runtime.openOptionsPage()}>
            {t('settingsLink')}
          </button>
        </nav>
      </header>
      {settingsError && <ErrorAlert error={settingsError} />}
      {settings && <AccountSwitcher settings={settings} onChange={setSettings} />}
      {settings && !settings.configured && <NoCredentials />}
      {settings?.configured && settings.needsUnlock && <LockedNotice />}
      <CreateForm
        create={(input) => sendMessage('createQrCode', input)}
        permanentCount={permanentCount}
        onCreated={(record) => {
          setResult(record);
          void refreshRecent(record.appId).then(() => refreshPermanentCount(record.appId));
        }}
      />
      {result && <ResultCard key={result.id} record={result} />}
      <RecentList accountName={current?.name} records={recentRecords} onSelect={setResult} />
    </main>
  );
}
