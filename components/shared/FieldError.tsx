import type { AppError } from '@/utils/messaging/app-error';
import { describeError } from '@/utils/messaging/error-text';

/** The inline error under one form field, linked to it by id for screen readers. */
export function FieldError({ id, error }: { id: string; error?: AppError }) {
  if (!error) return null;
  return (
    <p id={id} class="field-error" role="alert">
      {describeError(error).message}
    </p>
  );
}
