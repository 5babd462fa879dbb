import { useEffect, useState } from 'preact/hooks';
import { getBatchItems } from '@/utils/batch/store';
import type { QrCodeRecord } from '@/utils/codes/record';
import { onHistoryChange } from '@/utils/history/changes';
import { codesByIds } from '@/utils/history/query';

export interface BatchCodes {
  /** The batch's codes still in history, in batch order: what its ZIP holds. */
  records: QrCodeRecord[];
  /** Codes the batch created (items done), whether or not they are still in history. */
  created: number;
  /** Created, then deleted from history since: not in the ZIP. */
  deleted: number;
}

/** Read at the moment it is needed: the ZIP is built from this, not from counts a page saw earlier. */
export async function loadBatchCodes(batchId: string): Promise<BatchCodes> {
  const items = await getBatchItems(batchId);
  const ids = items.flatMap((item) => (item.state === 'done' && item.codeId ? [item.codeId] : []));
  const records = await codesByIds(ids);
  return { records, created: ids.length, deleted: ids.length - records.length };
}

/**
 * The batch's codes as its ZIP would hold them, read again whenever `done` changes (codes still
 * landing after a pause) and whenever history changes (codes deleted on the history page, or restored).
 */
export function useBatchCodes(batchId: string, done: number): BatchCodes | undefined {
  const [codes, setCodes] = useState<BatchCodes>();
  const [historyVersion, setHistoryVersion] = useState(0);
  // Any change: a delete loses codes, an undo or an import brings them back.
  useEffect(() => onHistoryChange(() => setHistoryVersion((version) => version + 1)), []);
  useEffect(() => {
    let current = true;
    void loadBatchCodes(batchId).then((loaded) => current && setCodes(loaded));
    return () => {
      current = false;
    };
  }, [batchId, done, historyVersion]);
  return codes;
}
