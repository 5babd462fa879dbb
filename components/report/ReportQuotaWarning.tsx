import { useEffect, useState } from 'preact/hooks';
import { shortfalls, type QuotaShortfall } from '@/utils/checkup/calls-needed';
import { t } from '@/utils/i18n/t';
import { sendMessage } from '@/utils/messaging/messages';
import { USER_BATCHGET_PATH, USER_GET_PATH } from '@/utils/wechat/openapi-api';

/**
 * Before a refresh starts: the calls it needs against what remains of today's follower quotas. Over
 * the remainder it says so; Start still runs it (a refresh is resumable, and pauses at 45009).
 * Silent when WeChat will not tell the quota.
 */
export function ReportQuotaWarning({ accountId, callsLeft }: { accountId: string; callsLeft: { list: number; details: number } }) {
  const [short, setShort] = useState<QuotaShortfall>();
  useEffect(() => {
    void sendMessage('quotaToday', { accountId }).then((reply) => {
      if (reply.success) setShort(shortfalls({ [USER_GET_PATH]: callsLeft.list, [USER_BATCHGET_PATH]: callsLeft.details }, reply.payload.remain)[0]);
    });
  }, [accountId, callsLeft.list, callsLeft.details]);
  if (!short) return null;
  const api = t(short.path === USER_GET_PATH ? 'checkup_path_user_get' : 'checkup_path_user_batchget');
  return (
    <p class="warn" role="alert" data-testid="report-quota-short">
      {t('preflight_report_over', [api, short.needed.toLocaleString(), short.remain.toLocaleString()])}
    </p>
  );
}
