import { clearHistory, deleteCode, getCode, restoreCode, updateCode } from '@/utils/storage/history-db';

/**
 * What the history page writes and reads one record at a time, from the history database. Components
 * reach the database only through hooks (the layering lint rule); the list itself comes from useHistoryList.
 */
const historyStore = { getCode, deleteCode, restoreCode, updateCode, clearHistory };

export function useHistoryStore(): typeof historyStore {
  return historyStore;
}
