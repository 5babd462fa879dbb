import { useState } from 'preact/hooks';
import type { RidDetails } from '@/utils/checkup/rid-details';
import type { AppError } from '@/utils/messaging/app-error';
import { describeError } from '@/utils/messaging/error-text';
import { t } from '@/utils/i18n/t';
import { sendMessage } from '@/utils/messaging/messages';

/**
 * 查询详情 beside an error with a rid: asks WeChat (through the background, with the account that got
 * the error) what it recorded of that request. The background removed every token, AppSecret and
 * header value before it answered.
 */
export function RidLookup({ rid, accountId }: { rid: string; accountId?: string }) {
  const [state, setState] = useState<{ kind: 'busy' } | { kind: 'shown'; details: RidDetails } | { kind: 'failed'; error: AppError }>();

  async function lookUp() {
    setState({ kind: 'busy' });
    const reply = await sendMessage('lookupRid', { accountId, rid });
    setState(reply.success ? { kind: 'shown', details: reply.payload } : { kind: 'failed', error: reply.error });
  }

  if (state?.kind === 'shown') return <RidDetailsView details={state.details} />;
  return (
    <p class="rid-lookup">
      <button type="button" name="rid-lookup" class="link" disabled={state?.kind === 'busy'} onClick={() => void lookUp()}>
        {state?.kind === 'busy' ? t('rid_looking') : t('rid_lookup')}
      </button>
      {state?.kind === 'failed' && <span class="field-error"> {describeError(state.error).message}</span>}
    </p>
  );
}

function RidDetailsView({ details }: { details: RidDetails }) {
  return (
    <section class="rid-details" aria-label={t('rid_title', [details.rid])}>
      <h3>{t('rid_title', [details.rid])}</h3>
      <dl class="facts">
        <dt>{t('rid_invoked')}</dt>
        <dd>{new Date(details.invokedAt).toLocaleString()}</dd>
        <dt>{t('rid_cost')}</dt>
        <dd>{t('rid_cost_ms', [String(details.costInMs)])}</dd>
        {details.clientIp && (
          <>
            <dt>{t('rid_client_ip')}</dt>
            <dd>{details.clientIp}</dd>
          </>
        )}
      </dl>
      <h4>{t('rid_request_url')}</h4>
      <pre class="rid-text">{details.requestUrl}</pre>
      {details.requestBody && (
        <>
          <h4>{t('rid_request_body')}</h4>
          <pre class="rid-text">{details.requestBody}</pre>
        </>
      )}
      <h4>{t('rid_response_body')}</h4>
      <pre class="rid-text">{details.responseBody}</pre>
      <p class="hint">{t('rid_redacted_note')}</p>
    </section>
  );
}
