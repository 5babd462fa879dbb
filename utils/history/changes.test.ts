import { describe, expect, it } from 'vitest';
import { type HistoryChange, announceHistoryChange, onHistoryChange } from './changes';
import type { QrCodeRecord } from '@/utils/codes/record';

const record = (i: number) => ({ id: `id-${i}` }) as QrCodeRecord;

/** What another page of the extension receives: a second channel of the same name. */
function otherPage(): { received: HistoryChange[]; close: () => void } {
  const channel = new BroadcastChannel('scene-qr-history');
  const received: HistoryChange[] = [];
  channel.onmessage = (event: MessageEvent<HistoryChange>) => received.push(event.data);
  return { received, close: () => channel.close() };
}

describe('the history change feed', () => {
  it('tells this page at once and other pages by message; unsubscribing stops it', async () => {
    const here: HistoryChange[] = [];
    const stop = onHistoryChange((change) => here.push(change));
    const other = otherPage();
    try {
      announceHistoryChange({ kind: 'delete', ids: ['a'] });
      expect(here).toEqual([{ kind: 'delete', ids: ['a'] }]);
      await expect.poll(() => other.received).toEqual([{ kind: 'delete', ids: ['a'] }]);
      stop();
      announceHistoryChange({ kind: 'clear' });
      expect(here).toHaveLength(1);
    } finally {
      stop();
      other.close();
    }
  });

  it('sends a bulk put to other pages as "reload", not as 100,000 cloned records', async () => {
    const here: HistoryChange[] = [];
    const stop = onHistoryChange((change) => here.push(change));
    const other = otherPage();
    try {
      const records = Array.from({ length: 101 }, (_, i) => record(i));
      announceHistoryChange({ kind: 'put', records: [record(0)] });
      announceHistoryChange({ kind: 'put', records });
      expect(here).toEqual([
        { kind: 'put', records: [record(0)] },
        { kind: 'put', records },
      ]);
      await expect.poll(() => other.received).toEqual([{ kind: 'put', records: [record(0)] }, { kind: 'reload' }]);
    } finally {
      stop();
      other.close();
    }
  });

  it('hears changes announced by other pages', async () => {
    const here: HistoryChange[] = [];
    const stop = onHistoryChange((change) => here.push(change));
    const channel = new BroadcastChannel('scene-qr-history');
    try {
      channel.postMessage({ kind: 'clear' });
      await expect.poll(() => here).toEqual([{ kind: 'clear' }]);
    } finally {
      stop();
      channel.close();
    }
  });
});
