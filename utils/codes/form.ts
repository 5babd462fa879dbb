import { type AppError, AppFailure } from '@/utils/messaging/app-error';
import {
  type ActionName,
  type QrRequestInput,
  isPermanent,
  usesSceneStr,
  validateExpireSeconds,
  validateSceneId,
  validateSceneStr,
} from '@/utils/wechat/qr-request';

/** The popup form's values, named as the form controls are. */
export interface QrFormValues {
  actionName: ActionName;
  sceneId: string;
  sceneStr: string;
  expireSeconds: string;
  label: string;
}

export type QrFormField = 'sceneId' | 'sceneStr' | 'expireSeconds';
export type QrFormErrors = Partial<Record<QrFormField, AppError>>;

function errorOf(check: () => unknown): AppError | undefined {
  try {
    check();
    return undefined;
  } catch (thrown) {
    if (thrown instanceof AppFailure) return thrown.error;
    throw thrown;
  }
}

/** Every field's error at once (the background validates again with the same rules). */
export function qrFormErrors(values: QrFormValues): QrFormErrors {
  const errors: QrFormErrors = {};
  if (usesSceneStr(values.actionName)) errors.sceneStr = errorOf(() => validateSceneStr(values.sceneStr.trim()));
  else errors.sceneId = errorOf(() => validateSceneId(values.sceneId, values.actionName));
  if (!isPermanent(values.actionName)) errors.expireSeconds = errorOf(() => validateExpireSeconds(values.expireSeconds));
  for (const field of Object.keys(errors) as QrFormField[]) if (!errors[field]) delete errors[field];
  return errors;
}

export function toQrRequestInput(values: QrFormValues): QrRequestInput {
  return {
    actionName: values.actionName,
    // Spaces around a pasted scene are accidents: the code carries the value without them.
    scene: (usesSceneStr(values.actionName) ? values.sceneStr : values.sceneId).trim(),
    expireSeconds: isPermanent(values.actionName) ? undefined : values.expireSeconds.trim(),
    label: values.label.trim(),
  };
}
