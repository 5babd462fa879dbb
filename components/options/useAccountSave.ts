import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { AppError } from '@/utils/messaging/app-error';
import { type PublicSettings, sendMessage } from '@/utils/messaging/messages';
import { type AccountFormValues, permissionOrigins, saveInput } from './account-form-values';

export type AccountOutcome = { kind: 'saved' } | { kind: 'connected'; appId: string } | { kind: 'error'; error: AppError } | undefined;

/**
 * Saving an account (with the host permissions its servers need) and testing its connection: what
 * the form is busy with and how the last attempt ended. `onSaved` hears of a save first (the form
 * empties its secret fields there), then the outcome is shown.
 */
export function useAccountSave({ accountId, justSaved, onSaved }: { accountId?: string; justSaved: boolean; onSaved: (settings: PublicSettings) => void }) {
  const [busy, setBusy] = useState<'save' | 'test'>();
  const [outcome, setOutcome] = useState<AccountOutcome>(justSaved ? { kind: 'saved' } : undefined);

  async function save(values: AccountFormValues): Promise<void> {
    // Asked for in the click itself (Chrome wants a user gesture), for exactly the servers' origins.
    const origins = permissionOrigins(values);
    const permission = origins.length > 0 ? browser.permissions.request({ origins }).catch(() => false) : Promise.resolve(true);
    setBusy('save');
    setOutcome(undefined);
    const reply = await sendMessage('saveAccount', saveInput(values, accountId));
    const granted = await permission;
    setBusy(undefined);
    if (!reply.success) return setOutcome({ kind: 'error', error: reply.error });
    onSaved(reply.payload);
    const missing = values.tokenSource === 'server' ? 'token_server_permission_missing' : 'api_base_permission_missing';
    setOutcome(granted ? { kind: 'saved' } : { kind: 'error', error: { code: missing } });
  }

  async function testConnection() {
    setBusy('test');
    setOutcome(undefined);
    const reply = await sendMessage('testConnection', { accountId });
    setBusy(undefined);
    setOutcome(reply.success ? { kind: 'connected', appId: reply.payload.appId } : { kind: 'error', error: reply.error });
  }

  /** The error to show under one field (an error naming no field is shown below the form). */
  const fieldError = (field: string) => (outcome?.kind === 'error' && outcome.error.field === field ? outcome.error : undefined);
  return { busy, outcome, save, testConnection, fieldError };
}
