import { useEffect, useState } from 'preact/hooks';
import { type JobKind, type JobProgress, readJobProgress, watchJobProgress } from '@/utils/messaging/job-progress';

/**
 * A background job's live progress, for a page: the value published last (read once, then pushed
 * on every change). undefined while the channel has told nothing about this job (the page then shows
 * what it asked the background for), null once the job published that it is gone. A new `key` (the
 * page switched to another job) starts over from undefined.
 */
export function useJobProgress<K extends JobKind>(kind: K, key: string | undefined): JobProgress<K> | null | undefined {
  const [state, setState] = useState<{ key?: string; progress?: JobProgress<K> | null }>({});
  useEffect(() => {
    setState({ key });
    if (key === undefined) return;
    let pushed = false;
    const stop = watchJobProgress(kind, key, (progress) => {
      pushed = true;
      setState({ key, progress });
    });
    // The stored value counts only until the first push: a push is newer.
    void readJobProgress(kind, key).then((progress) => {
      if (!pushed && progress !== null) setState({ key, progress });
    });
    return stop;
  }, [kind, key]);
  // During the render right after a key change, the state still holds the old job's progress.
  return state.key === key ? state.progress : undefined;
}
