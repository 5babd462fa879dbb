import { useEffect, useState } from 'preact/hooks';
import type { CheckupResult } from '@/utils/checkup/checkup-result';
import type { AppError } from '@/utils/messaging/app-error';
import { sendMessage } from '@/utils/messaging/messages';

/**
 * The check-up of one account: its last result, or a new one run at once (`runNow`), and running
 * again. Mounted per account (keyed by it), so it reads or runs once.
 */
export function useCheckup(accountId: string, runNow: boolean) {
  const [result, setResult] = useState<CheckupResult | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<AppError>();

  /** Runs the check-up again; true when it ran (its result is then the one shown). */
  async function run(): Promise<boolean> {
    setRunning(true);
    setError(undefined);
    const reply = await sendMessage('runCheckup', { accountId });
    setRunning(false);
    if (reply.success) setResult(reply.payload);
    else setError(reply.error);
    return reply.success;
  }

  useEffect(() => {
    if (runNow) void run();
    else void sendMessage('lastCheckup', { accountId }).then((reply) => reply.success && setResult(reply.payload));
  }, []);

  return { result, running, error, run };
}
