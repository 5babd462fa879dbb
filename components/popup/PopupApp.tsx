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
  const [recent, setRecent] = useState<QrCodeRecord[]>([]);
  const [permanentCount, setPermanentCount] = useState<number>();

  // IndexedDB (and idb) load after the first paint: the form is what the operator needs first.
  const refreshRecent = () => import('@/utils/storage/history-db').then(({ recentCodes }) => recentCodes(RECENT_COUNT)).then(setRecent);

  const refreshPermanentCount = (appId: string) =>
    import('@/utils/history/query').then(({ permanentCodeCount }) => permanentCodeCount(appId)).then(setPermanentCount);

  useEffect(() => {
    if (settings?.appId) void refreshPermanentCount(settings.appId);
  }, [settings?.appId]);

  useEffect(() => {
    // The form renders at once; the credentials check and the recent list arrive when ready.
    void sendMessage('getSettings').then((reply) => (reply.success ? setSettings(reply.payload) : setSettingsError(reply.error)));
    void refreshRecent();
  }, []);

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
          void refreshRecent();
          if (settings?.appId) void refreshPermanentCount(settings.appId);
        }}
      />
      {result && <ResultCard key={result.id} record={result} />}
      <RecentList records={recent} onSelect={setResult} />
    </main>
  );
}
