import type { AppError } from '@/utils/messaging/app-error';
import type { RefreshStatus } from '@/utils/storage/report-db';
import type { AccountClient } from '@/utils/wechat/client';

/** What pages see of a refresh. */
export interface RefreshProgress {
  appId: string;
  status: RefreshStatus;
  /** WeChat's follower total (from the latest list page). */
  total: number;
  /** Followers detailed so far. */
  detailed: number;
  startedAt: number;
  activeMs: number;
  /** At the pace so far; absent until some followers are detailed. */
  msLeft?: number;
  calls: { list: number; details: number };
  /** Estimated calls still to make. */
  callsLeft: { list: number; details: number };
  error?: AppError;
}

export type FollowerClient = Pick<AccountClient, 'followerList' | 'followerDetails'>;

export interface RefresherDeps {
  /** The follower calls of the account with this AppID, with its own token: asked for once per run. */
  clientFor(appId: string): FollowerClient;
  /** Tells the pages (the job-progress channel in the extension); null once the refresh is gone (completed or cancelled). */
  publish?: (appId: string, progress: RefreshProgress | null) => Promise<void>;
  now?: () => number;
}
