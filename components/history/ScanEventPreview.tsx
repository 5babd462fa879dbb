import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { AppError } from '@/utils/messaging/app-error';
import { t } from '@/utils/i18n/t';
import { sendMessage } from '@/utils/messaging/messages';
import type { QrCodeRecord } from '@/utils/codes/record';
import { SDK_NOTES, type ScanEventType, TEST_OPENID, scanEventXml } from '@/utils/push/scan-event';
import type { PushResult } from '@/utils/push/test-push';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { PushResultView } from '@/components/shared/PushResultView';

const EVENTS: { event: ScanEventType; title: 'pushSubscribe' | 'pushScan' }[] = [
  { event: 'subscribe', title: 'pushSubscribe' },
  { event: 'SCAN', title: 'pushScan' },
];

/** The XML the account's server receives when this code is scanned, a test push, and how SDKs read it. */
export function ScanEventPreview({ record }: { record: QrCodeRecord }) {
  const [results, setResults] = useState<Partial<Record<ScanEventType, PushResult | AppError>>>({});
  const [sending, setSending] = useState<ScanEventType>();
  const zh = browser.i18n.getMessage('@@ui_locale').startsWith('zh');
  // A fixed time keeps the preview stable while it is open; the test push uses the real time.
  const createTime = Math.floor(record.createdAt / 1000);

  async function send(event: ScanEventType) {
    setSending(event);
    const reply = await sendMessage('sendTestPush', { id: record.id, event });
    setSending(undefined);
    setResults((old) => ({ ...old, [event]: reply.success ? reply.payload : reply.error }));
  }

  return (
    <details class="scan-preview">
      <summary>{t('pushPreviewTitle')}</summary>
      {EVENTS.map(({ event, title }) => {
        const xml = scanEventXml(record, event, { toUserName: 'gh_…', fromUserName: TEST_OPENID, createTime });
        const result = results[event];
        return (
          <section key={event} data-testid={`preview-${event}`}>
            <h3>{t(title)}</h3>
            <pre class="code">{xml}</pre>
            <div class="actions">
              <button type="button" onClick={() => void navigator.clipboard.writeText(xml)}>
                {t('copyXml')}
              </button>
              <button type="button" disabled={sending !== undefined} onClick={() => send(event)}>
                {t('sendTestPush')}
              </button>
            </div>
            {result && ('code' in result ? <ErrorAlert error={result} /> : <PushResultView result={result} />)}
          </section>
        );
      })}
      <p class="hint warn">{t('safeModeNote')}</p>
      <h3>{t('sdkNotesTitle')}</h3>
      {SDK_NOTES.map((note) => (
        <div key={note.id} class="sdk-note">
          <p>
            <strong>{note.sdk}</strong> ({note.language}): {zh ? note.howToRead.zh : note.howToRead.en}
          </p>
          <pre class="code">{note.snippet}</pre>
        </div>
      ))}
    </details>
  );
}
