import type { AppError } from '@/utils/messaging/app-error';
import { describeError } from '@/utils/messaging/error-text';

/** An error as the operator reads it: what happened and what to do, then errcode and rid for support. */
export function ErrorAlert({ error }: { error: AppError }) {
  const { message, details } = describeError(error);
  return (
    <div class="alert" role="alert">
      <p>{message}</p>
      {details && <p class="alert-details">{details}</p>}
    </div>
  );
}
