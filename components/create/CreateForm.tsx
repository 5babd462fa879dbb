import { useState } from 'preact/hooks';
import type { AppError } from '@/utils/messaging/app-error';
import { t } from '@/utils/i18n/t';
import type { QrCodeRecord } from '@/utils/codes/record';
import { DEFAULT_EXPIRE_SECONDS, LIMITS, isPermanent, usesSceneStr, utf8Length } from '@/utils/wechat/qr-request';
import { type QrFormErrors, type QrFormValues, qrFormErrors, toQrRequestInput } from '@/utils/codes/form';
import type { Reply } from '@/utils/messaging/messages';
import { ActionNameSelect } from '@/components/shared/ActionNameSelect';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { ExpireField } from '@/components/shared/ExpireField';
import { FieldError } from '@/components/shared/FieldError';

export interface CreateFormProps {
  /** Sends the request to the background; the popup passes sendMessage, tests a fake. */
  create: (values: ReturnType<typeof toQrRequestInput>) => Promise<Reply<QrCodeRecord>>;
  onCreated: (record: QrCodeRecord) => void;
  /** Prefilled values (the context menu's draft); their errors show at once. */
  initial?: Partial<QrFormValues>;
  /** Permanent codes this account already has, when known: shown (and warned about) for permanent kinds. */
  permanentCount?: number;
}

const INITIAL: QrFormValues = {
  actionName: 'QR_STR_SCENE',
  sceneId: '',
  sceneStr: '',
  expireSeconds: String(DEFAULT_EXPIRE_SECONDS),
  label: '',
};

export function CreateForm({ create, onCreated, initial, permanentCount }: CreateFormProps) {
  const [values, setValues] = useState<QrFormValues>({ ...INITIAL, ...initial });
  const [showErrors, setShowErrors] = useState(initial !== undefined);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AppError>();
  const errors: QrFormErrors = showErrors ? qrFormErrors(values) : {};
  const set = (patch: Partial<QrFormValues>) => setValues((old) => ({ ...old, ...patch }));

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setShowErrors(true);
    setFailure(undefined);
    if (Object.keys(qrFormErrors(values)).length > 0) return;
    setBusy(true);
    let reply: Reply<QrCodeRecord>;
    try {
      reply = await create(toQrRequestInput(values));
    } finally {
      setBusy(false);
    }
    if (reply.success) {
      setShowErrors(false);
      onCreated(reply.payload);
    } else {
      setFailure(reply.error);
    }
  }

  const action = values.actionName;
  const sceneMax = isPermanent(action) ? LIMITS.permanentSceneIdMax : LIMITS.temporarySceneIdMax;
  return (
    <form class="create-form" onSubmit={submit} noValidate>
      <label class="field">
        <span>{t('fieldActionName')}</span>
        <ActionNameSelect name="actionName" value={action} onChange={(actionName) => set({ actionName })} />
      </label>
      {isPermanent(action) && <p class="hint warn">{t('permanentNote')}</p>}
      {isPermanent(action) && permanentCount !== undefined && (
        <p class={permanentCount >= LIMITS.permanentWarningAt ? 'alert' : 'hint'} data-testid="permanent-count">
          {t(permanentCount >= LIMITS.permanentWarningAt ? 'permanentCountWarning' : 'permanentCount', [permanentCount.toLocaleString()])}
        </p>
      )}

      {usesSceneStr(action) ? (
        <label class="field">
          <span>{t('fieldSceneStr')}</span>
          <input
            name="sceneStr"
            autoFocus={initial !== undefined}
            autoComplete="off"
            value={values.sceneStr}
            aria-invalid={Boolean(errors.sceneStr)}
            aria-describedby="sceneStr-hint sceneStr-error"
            onInput={(e) => set({ sceneStr: e.currentTarget.value })}
          />
          <small id="sceneStr-hint" class="hint">
            {t('hintSceneStr', [String(utf8Length(values.sceneStr))])}
          </small>
          <FieldError id="sceneStr-error" error={errors.sceneStr} />
        </label>
      ) : (
        <label class="field">
          <span>{t('fieldSceneId')}</span>
          <input
            name="sceneId"
            autoFocus={initial !== undefined}
            inputMode="numeric"
            autoComplete="off"
            value={values.sceneId}
            aria-invalid={Boolean(errors.sceneId)}
            aria-describedby="sceneId-hint sceneId-error"
            onInput={(e) => set({ sceneId: e.currentTarget.value })}
          />
          <small id="sceneId-hint" class="hint">
            {t('hintSceneId', ['1', String(sceneMax)])}
          </small>
          <FieldError id="sceneId-error" error={errors.sceneId} />
        </label>
      )}

      {!isPermanent(action) && <ExpireField value={values.expireSeconds} error={errors.expireSeconds} onChange={(expireSeconds) => set({ expireSeconds })} />}

      <label class="field">
        <span>{t('fieldLabel')}</span>
        <input name="label" autoComplete="off" placeholder={t('hintLabel')} value={values.label} onInput={(e) => set({ label: e.currentTarget.value })} />
      </label>

      {failure && <ErrorAlert error={failure} />}
      <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
        {busy ? t('submitCreating') : t('submitCreate')}
      </button>
    </form>
  );
}
