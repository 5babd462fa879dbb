import { t } from '@/utils/i18n/t';

/** Why an account without 用户管理 permission (48001) gets no report, and what to do in 公众平台. */
export function ReportNoPermission() {
  return (
    <div class="alert report-no-permission" role="alert" data-testid="report-no-permission">
      <p>
        <strong>{t('reportNoPermissionTitle')}</strong>
      </p>
      <p>{t('reportNoPermission')}</p>
      <p>{t('reportNoPermissionWhatToDo')}</p>
    </div>
  );
}
