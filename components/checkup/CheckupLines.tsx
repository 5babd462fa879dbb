import { type CheckLine, type CheckupResult, isSkipped } from '@/utils/checkup/checkup-result';
import type { Verdict } from '@/utils/checkup/verdicts';
import { type MessageKey, t } from '@/utils/i18n/t';
import { QR_CREATE_PATH, type QuotaPath, USER_GET_PATH } from '@/utils/wechat/openapi-api';
import { describeError } from '@/utils/messaging/error-text';
import { ErrorAlert } from '@/components/shared/ErrorAlert';

const PATH_NAMES: Record<QuotaPath, MessageKey> = {
  [QR_CREATE_PATH]: 'checkup_path_qrcode_create',
  [USER_GET_PATH]: 'checkup_path_user_get',
  '/cgi-bin/user/info/batchget': 'checkup_path_user_batchget',
};

function lineName(line: CheckLine): string {
  if (line.check === 'quota') return t('checkup_line_quota', [t(PATH_NAMES[line.path!])]);
  return t(`checkup_line_${line.check}`);
}

/** Counts as the operator reads them (100,000, not 100000); other params as they are. */
const figures = (params: string[] | undefined) => params?.map((p) => (/^\d+$/.test(p) ? Number(p).toLocaleString() : p));

/** What a ✓ line adds: the quota left, the permanent codes used. */
function okText(line: CheckLine, params: string[] | undefined): string {
  if (line.check === 'quota' && params) return t('checkup_ok_quota', figures(params));
  if (line.check === 'permanent' && params) return t('checkup_ok_permanent', figures(params));
  return t('checkup_ok');
}

/**
 * A known problem in the check-up's own words, with WeChat's errcode and rid small for support; one it
 * has no words for ('other') shows the error as every page does, 查询详情 included.
 */
function Problem({ verdict, accountId }: { verdict: Extract<Verdict, { ok: false }>; accountId: string }) {
  const { problem, params, error, fixAt } = verdict;
  return (
    <>
      <span class="checkup-problem">{t(`checkup_problem_${problem}`, figures(params))}</span>
      {error && problem === 'other' && <ErrorAlert error={error} accountId={accountId} />}
      {error && problem !== 'other' && describeError(error).details && <small class="alert-details">{describeError(error).details}</small>}
      <span class="checkup-fix">{t(`checkup_fix_${fixAt}`)}</span>
    </>
  );
}

/** One line per check: ✓ and the figure, ✗ with what is wrong and where to fix it, or "not checked". */
export function CheckupLines({ result }: { result: CheckupResult }) {
  return (
    <ul class="checkup-lines">
      {result.lines.map((line) => {
        const { verdict } = line;
        const state = isSkipped(verdict) ? 'skipped' : verdict.ok ? 'ok' : 'bad';
        return (
          <li key={line.path ?? line.check} class={`checkup-line checkup-${state}`} data-check={line.path ?? line.check}>
            <span class="checkup-mark" aria-hidden="true">
              {state === 'ok' ? '✓' : state === 'bad' ? '✗' : '–'}
            </span>
            <strong>{lineName(line)}</strong>
            <span class="checkup-verdict">
              {isSkipped(verdict) ? (
                t('checkup_skipped')
              ) : verdict.ok ? (
                okText(line, verdict.params)
              ) : (
                <Problem verdict={verdict} accountId={result.accountId} />
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
