import { foldStates } from '../merge/apply';
import { isAlive } from '../merge/code-state';
import { freshAccountRow } from '../merge/local-rows';
import { historyDb } from '@/utils/storage/history-db';
import { listFolder } from './read-plan';
import { openFolder } from './open-folder';
import { pullFolder } from './pull';
import type { RemoteFolder } from '../remote-folder';
import { syncDeviceId } from '../merge/account-row';

export interface RestoreSummary {
  appId: string;
  /** Codes on the server this browser does not have. */
  codes: number;
  /** Of them, permanent codes. */
  permanent: number;
  /** A few of their labels, newest first, to recognise the account's codes by. */
  sampleLabels: string[];
  /** Codes deleted elsewhere that this browser still has (the sync removes them). */
  deletions: number;
}

const SAMPLES = 5;

/**
 * What the first sync would bring into this browser, read from the server without writing anything
 * there or here: every file of the folder is read as if this browser had read none (a wrong
 * passphrase is refused the same way a sync refuses it).
 */
export async function previewRestore(appId: string, folder: RemoteFolder, passphrase?: string): Promise<RestoreSummary> {
  const me = await syncDeviceId();
  const listed = listFolder(await folder.list());
  const { key } = await openFolder(folder, listed, passphrase, false);
  const pulled = await pullFolder({ folder, listed, row: freshAccountRow(appId), me, key, appId });
  const states = [...foldStates(pulled.states).values()].filter((state) => state.appId === appId);
  const db = await historyDb();
  const have = new Set(await db.getAllKeysFromIndex('codes', 'byAppId', appId));
  const coming = states.filter((state) => isAlive(state) && !have.has(state.id));
  coming.sort((a, b) => b.core.createdAt - a.core.createdAt);
  return {
    appId,
    codes: coming.length,
    permanent: coming.filter((state) => state.core.actionName.startsWith('QR_LIMIT')).length,
    sampleLabels: coming
      .map((state) => state.label[0])
      .filter(Boolean)
      .slice(0, SAMPLES),
    deletions: states.filter((state) => !isAlive(state) && have.has(state.id)).length,
  };
}
