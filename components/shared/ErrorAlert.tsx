import type { AppError } from '@/utils/messaging/app-error';
import { describeError } from '@/utils/messaging/error-text';
import { QuotaResetButton } from '@/components/checkup/QuotaResetButton';
import { RidLookup } from '@/components/checkup/RidLookup';

/**
 * An error as the operator reads it: what happened and what to do, then errcode and rid for support.
 * A WeChat error with a rid offers 查询详情, and a 45009 the quota reset, both for `accountId`: the
 * account whose call failed (the page's account; absent: the current one).
 */
export function ErrorAlert({ error, accountId }: { error: AppError; accountId?: string }) {
  const { message, details } = describeError(error);
  return (
    <div class="alert" role="alert">
      <p>{message}</p>
      {details && <p class="alert-details">{details}</p>}
      {error.rid && <RidLookup key={error.rid} rid={error.rid} accountId={accountId} />}
      {error.code === 'wechat_daily_quota' && <QuotaResetButton accountId={accountId} />}
    </div>
  );
}
