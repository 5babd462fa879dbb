import { useEffect, useState } from 'preact/hooks';
import { codesOfAccount } from '@/utils/report/codes';

export interface AccountBatch {
  batchId: string;
  /** When its first code was made. */
  createdAt: number;
  codes: number;
  /** A label of one of its codes, to recognise it by. */
  sample: string;
}

/** The batches whose codes are in the account's history, newest first: the "every code of one batch" rule's choices. */
export function useAccountBatches(appId: string): AccountBatch[] {
  const [batches, setBatches] = useState<AccountBatch[]>([]);
  useEffect(() => {
    void codesOfAccount(appId).then((codes) => {
      const byBatch = new Map<string, AccountBatch>();
      for (const code of codes) {
        if (!code.batchId) continue;
        const batch = byBatch.get(code.batchId) ?? { batchId: code.batchId, createdAt: code.createdAt, codes: 0, sample: code.label || code.scene };
        batch.codes += 1;
        if (code.createdAt < batch.createdAt) batch.createdAt = code.createdAt;
        byBatch.set(code.batchId, batch);
      }
      setBatches([...byBatch.values()].sort((a, b) => b.createdAt - a.createdAt));
    });
  }, [appId]);
  return batches;
}
