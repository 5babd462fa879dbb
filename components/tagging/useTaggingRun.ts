import { useEffect, useState } from 'preact/hooks';
import type { AppError } from '@/utils/messaging/app-error';
import { type MessageInput, type Reply, sendMessage } from '@/utils/messaging/messages';
import type { TaggingView } from '@/utils/tagging/run-record';
import { useJobProgress } from '@/components/jobs/useJobProgress';

type RunCommand = 'confirmTagging' | 'pauseTagging' | 'resumeTagging' | 'cancelTagging' | 'undoTagging';

/** The account's tagging run: asked once, then followed on the progress channel; its commands. */
export function useTaggingRun(accountId: string, appId: string) {
  const [answered, setAnswered] = useState<TaggingView | null>();
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState(false);
  // Every change is published (a start, each call, a pause): once something was, it is the newest word.
  const live = useJobProgress('tagging', appId);

  useEffect(() => {
    setAnswered(undefined);
    void sendMessage('taggingStatus', { accountId }).then((reply) => (reply.success ? setAnswered(reply.payload) : setError(reply.error)));
  }, [accountId]);

  /** A command that answers with the run (TaggingView); the page shows that answer until the next publish. */
  async function command<K extends RunCommand | 'startTagging'>(type: K, input: MessageInput<K>) {
    setBusy(true);
    setError(undefined);
    // sendMessage's optional input is a conditional type TypeScript cannot resolve for a generic K; every K here has one.
    const send = sendMessage as (type: K, input: MessageInput<K>) => Promise<Reply<TaggingView>>;
    const reply = await send(type, input);
    setBusy(false);
    if (reply.success) setAnswered(reply.payload);
    else setError(reply.error);
    return reply.success;
  }

  return { run: live ?? answered ?? null, error, busy, command };
}
