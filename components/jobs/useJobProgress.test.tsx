import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BatchProgress } from '@/utils/batch/job';
import { publishJobProgress } from '@/utils/messaging/job-progress';
import type { RefreshProgress } from '@/utils/report/refresh';
import { useJobProgress } from './useJobProgress';

const progress = (batchId: string, done: number): BatchProgress => ({
  batchId,
  status: 'running',
  counts: { done, failed: 0, pending: 10 - done, cancelled: 0 },
  rate: 1,
  updatedAt: done,
});

let container: HTMLElement | undefined;
afterEach(() => {
  if (container) render(null, container);
  container?.remove();
  container = undefined;
});

/** Renders the hook for `key` and records every value it returned. */
function mount(key: string | undefined) {
  const seen: (BatchProgress | null | undefined)[] = [];
  function Probe({ id }: { id: string | undefined }) {
    seen.push(useJobProgress('batch', id));
    return null;
  }
  container = document.createElement('div');
  document.body.append(container);
  render(<Probe id={key} />, container);
  return { seen, rerender: (id: string | undefined) => act(() => render(<Probe id={id} />, container!)) };
}

describe('useJobProgress: one way for background-job progress to reach a page', () => {
  it('is undefined until the job publishes, then every publication, null once it is gone', async () => {
    const { seen } = mount('b1');
    await act(async () => {});
    expect(seen.at(-1)).toBeUndefined();
    await act(() => publishJobProgress('batch', 'b1', progress('b1', 3)));
    await vi.waitFor(() => expect(seen.at(-1)).toMatchObject({ counts: { done: 3 } }));
    await act(() => publishJobProgress('batch', 'b1', null));
    await vi.waitFor(() => expect(seen.at(-1)).toBeNull());
  });

  it('reads what was published before the page opened', async () => {
    await publishJobProgress('batch', 'b1', progress('b1', 7));
    const { seen } = mount('b1');
    await vi.waitFor(() => expect(seen.at(-1)).toMatchObject({ counts: { done: 7 } }));
  });

  it('hears only its own job: another batch, or a report of the same key, is not its progress', async () => {
    const { seen } = mount('b1');
    await act(async () => {});
    await act(() => publishJobProgress('batch', 'b2', progress('b2', 5)));
    await act(() => publishJobProgress('report', 'b1', { appId: 'b1', status: 'running' } as RefreshProgress));
    await act(async () => {});
    expect(seen.every((value) => value === undefined)).toBe(true);
  });

  it("a new key starts over: never the previous job's progress under the new key", async () => {
    await publishJobProgress('batch', 'b1', progress('b1', 4));
    const { seen, rerender } = mount('b1');
    await vi.waitFor(() => expect(seen.at(-1)).toMatchObject({ batchId: 'b1' }));
    const before = seen.length;
    void rerender('b2');
    await act(async () => {});
    expect(seen.slice(before).every((value) => value === undefined)).toBe(true);
    await act(() => publishJobProgress('batch', 'b2', progress('b2', 1)));
    await vi.waitFor(() => expect(seen.at(-1)).toMatchObject({ batchId: 'b2' }));
  });
});
