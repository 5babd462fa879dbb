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
import { useRecentCodes } from './useRecentCodes';
import { SyncStatusBar } from '@/components/sync/SyncStatusBar';
import { CheckupNotice } from '@/components/checkup/CheckupNotice';

export function PopupApp() {
  const [settings, setSettings] = useState<PublicSettings>();
  const [settingsError, setSettingsError] = useState<AppError>();
  const [result, setResult] = useState<QrCodeRecord>();
  const { recent, permanentCount, reload: reloadRecent } = useRecentCodes(settings?.appId);

  // The switcher changed the current account: no card of another account's code stays.
  useEffect(() => {
    setResult((shown) => (shown && shown.appId !== settings?.appId ? undefined : shown));
  }, [settings?.appId]);

  useEffect(() => {
    // The form renders at once; the credentials check, then the account's recent codes, arrive when ready.
    void sendMessage('getSettings').then((reply) => (reply.success ? setSettings(reply.payload) : setSettingsError(reply.error)));
  }, []);

  const current = settings?.accounts.find((account) => account.id === settings.currentAccountId);
  // No account yet: nothing to read, and the list says there are no codes.
  const recentRecords = !settings ? undefined : !current ? [] : recent;

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
      {current && <CheckupNotice key={current.id} accountId={current.id} />}
      <CreateForm
        create={(input) => sendMessage('createQrCode', input)}
        permanentCount={permanentCount}
        onCreated={(record) => {
          setResult(record);
          void reloadRecent(record.appId);
        }}
      />
      {result && <ResultCard key={result.id} record={result} />}
      <RecentList accountName={current?.name} records={recentRecords} onSelect={setResult} />
      {current && <SyncStatusBar key={current.id} accountId={current.id} appId={current.appId} />}
    </main>
  );
}
