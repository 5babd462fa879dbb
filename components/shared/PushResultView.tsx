import { t } from '@/utils/i18n/t';
import type { PushResult } from '@/utils/push/test-push';

/** What the account's server answered, and what that means for WeChat. */
export function PushResultView({ result }: { result: PushResult }) {
  const ok = result.status >= 200 && result.status < 300;
  const verification = result.echoed !== undefined;
  const good = verification ? result.echoed : ok;
  let summary: string;
  if (verification) summary = result.echoed ? t('verifyOk', [String(result.status), String(result.ms)]) : t('verifyWrongEcho', [String(result.status)]);
  else summary = ok ? t('pushResultOk', [String(result.status), String(result.ms)]) : t('pushResultBad', [String(result.status), String(result.ms)]);
  return (
    <div class="push-result" data-testid="push-result">
      <p class={good ? 'status' : 'alert'} role={good ? 'status' : 'alert'}>
        {summary}
      </p>
      <p class="hint">{t('pushResultBody')}</p>
      <pre class="code">{result.body || '∅'}</pre>
    </div>
  );
}
