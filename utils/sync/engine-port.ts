import type { RemoteFolder } from './remote-folder';

/**
 * What the scheduler (sync-runner.ts) asks of the sync engine, for one account: the engine knows
 * what to write and how to merge; the runner knows when, with which server and credentials, and
 * what the operator is told. engine-adapter.ts fits the engine's own entry points to this.
 */
export interface AccountPass {
  appId: string;
  folder: RemoteFolder;
  /** The sync passphrase (end-to-end encryption), when one is set. */
  passphrase?: string;
}

/** What a restore would bring into this browser, shown before it does. */
export interface RestorePreview {
  appId: string;
  /** Codes on the server this browser does not have. */
  codes: number;
  /** Of them, permanent codes (the ones WeChat cannot make again for free). */
  permanent: number;
  /** A few of the labels, to recognise the account's codes by. */
  sampleLabels: string[];
  /** Codes deleted elsewhere that this browser still has (the restore removes them). */
  deletions: number;
}

export interface SyncEnginePort {
  /** One sync: pushes this browser's waiting changes, pulls the others', merges; resumable if cut off. */
  syncAccount(pass: AccountPass): Promise<void>;
  /** Changes made in this browser not yet on the server. */
  waitingChanges(appId: string): Promise<number>;
  /** Has this browser ever synced this account (false on a new profile: restore is offered)? */
  hasSynced(appId: string): Promise<boolean>;
  previewRestore(pass: AccountPass): Promise<RestorePreview>;
}
