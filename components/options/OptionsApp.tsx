import { useEffect, useState } from 'preact/hooks';
import type { AppError } from '@/utils/messaging/app-error';
import { t } from '@/utils/i18n/t';
import { type PublicSettings, sendMessage } from '@/utils/messaging/messages';
import { AccountsSection } from './AccountsSection';
import { ContextMenuSettingsForm } from './ContextMenuSettingsForm';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { ExpiryReminderForm } from '@/components/expiry/ExpiryReminderForm';
import { LockSection } from './LockSection';
import { PushServerForm } from './PushServerForm';
import { SyncSection } from './SyncSection';

export function OptionsApp() {
  const [settings, setSettings] = useState<PublicSettings>();
  const [error, setError] = useState<AppError>();

  useEffect(() => {
    void sendMessage('getSettings').then((reply) => (reply.success ? setSettings(reply.payload) : setError(reply.error)));
  }, []);

  return (
    <main class="options">
      <h1>{t('optionsTitle')}</h1>
      {error && <ErrorAlert error={error} />}
      {settings && <AccountsSection settings={settings} onChange={setSettings} />}
      {settings && <LockSection settings={settings} onChange={setSettings} />}
      <ContextMenuSettingsForm />
      <ExpiryReminderForm />
      {settings && <PushServerForm settings={settings} />}
      <SyncSection />
    </main>
  );
}
