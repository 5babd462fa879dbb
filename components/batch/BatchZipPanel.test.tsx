import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetHistoryDatabase } from '@/test/unit/helpers';
import type { BatchItem, BatchJob } from '@/utils/batch/job';
import { createBatch, getBatchItems, saveBatchCode } from '@/utils/batch/store';
import type { QrCodeRecord } from '@/utils/codes/record';
import { deleteCode } from '@/utils/storage/history-db';
import { BatchZipPanel } from './BatchZipPanel';

const zip = vi.hoisted(() => ({ build: vi.fn(), download: vi.fn() }));
// Workers and downloads are the browser's: the Chromium test covers them (test/e2e/batch.e2e.test.ts).
vi.mock('@/utils/render/zip-with-workers', () => ({ buildQrZipInWorkers: zip.build }));
vi.mock('@/utils/codes/download-file', () => ({ downloadBlob: zip.download }));

const JOB: BatchJob = {
  id: 'b',
  appId: 'wx0000000000000001',
  actionName: 'QR_STR_SCENE',
  expireSeconds: 3600,
  concurrency: 4,
  createdAt: 1_700_000_000_000,
  status: 'paused',
  total: 6,
};

function item(index: number): BatchItem {
  return { batchId: 'b', index, row: index + 1, scene: `s-${index}`, label: `L${index}`, state: 'pending' };
}

function record(index: number): QrCodeRecord {
  return {
    id: `code-${index}`,
    appId: JOB.appId,
    actionName: 'QR_STR_SCENE',
    scene: `s-${index}`,
    label: `L${index}`,
    ticket: `t-${index}`,
    url: `http://weixin.qq.com/q/${index}`,
    expireSeconds: 3600,
    createdAt: 1,
    expiresAt: 3_600_001,
  };
}

/** A batch of 6 whose first `made` items created their codes. */
async function batchWith(made: number): Promise<void> {
  await createBatch(
    JOB,
    Array.from({ length: 6 }, (_, i) => item(i)),
  );
  const items = await getBatchItems('b');
  for (let i = 0; i < made; i++) await saveBatchCode(items[i]!, record(i));
}

let container: HTMLElement | undefined;
beforeEach(async () => {
  await resetHistoryDatabase();
  zip.build.mockReset();
  zip.download.mockReset();
});
afterEach(() => {
  if (container) render(null, container);
  container?.remove();
  container = undefined;
});

function mount(done: number) {
  container = document.createElement('div');
  document.body.append(container);
  render(<BatchZipPanel job={JOB} done={done} />, container);
  const root = container;
  return {
    root,
    button: () => root.querySelector<HTMLButtonElement>('button.primary'),
    rerender: (next: number) => act(() => render(<BatchZipPanel job={JOB} done={next} />, root)),
  };
}

describe('BatchZipPanel', () => {
  it('the count follows the codes made: requests that land after a pause are counted and zipped', async () => {
    await batchWith(3);
    const { button, rerender } = mount(3);
    await vi.waitFor(() => expect(button()?.textContent).toBe('下载 3 个二维码的 ZIP'));
    const items = await getBatchItems('b');
    for (const i of [3, 4]) await saveBatchCode(items[i]!, record(i));
    await rerender(5);
    await vi.waitFor(() => expect(button()?.textContent).toBe('下载 5 个二维码的 ZIP'));
    zip.build.mockResolvedValue(new Uint8Array([1]));
    await act(() => button()!.click());
    await vi.waitFor(() => expect(zip.download).toHaveBeenCalledOnce());
    expect(zip.build.mock.calls[0]![0].map((r: QrCodeRecord) => r.scene)).toEqual(['s-0', 's-1', 's-2', 's-3', 's-4']);
    expect(zip.download.mock.calls[0]![1]).toBe('scene-qr-batch-2023-11-14-5.zip');
  });

  it("says how many of the batch's codes were deleted from history, and zips the rest", async () => {
    await batchWith(5);
    await deleteCode('code-1');
    await deleteCode('code-3');
    const { root, button } = mount(5);
    await vi.waitFor(() =>
      expect(root.querySelector('[data-testid=batch-zip-deleted]')?.textContent).toBe(
        '本批次有 2 个二维码已从历史记录中删除，ZIP 只含其余 3 个（共生成 5 个）。',
      ),
    );
    expect(button()?.textContent).toBe('下载 3 个二维码的 ZIP');
  });

  it('a code deleted while the page is open is noticed at once', async () => {
    await batchWith(2);
    const { root, button } = mount(2);
    await vi.waitFor(() => expect(button()?.textContent).toBe('下载 2 个二维码的 ZIP'));
    await act(async () => void (await deleteCode('code-0')));
    await vi.waitFor(() => expect(root.querySelector('[data-testid=batch-zip-deleted]')?.textContent).toContain('1 个二维码已从历史记录中删除'));
    expect(button()?.textContent).toBe('下载 1 个二维码的 ZIP');
  });

  it('every code deleted: says so, and there is nothing to download', async () => {
    await batchWith(1);
    await deleteCode('code-0');
    const { root, button } = mount(1);
    await vi.waitFor(() => expect(root.querySelector('[data-testid=batch-zip-deleted]')?.textContent).toContain('都已从历史记录中删除'));
    expect(button()?.disabled).toBe(true);
  });

  it('a ZIP that fails shows why and comes back to the button; the retry downloads', async () => {
    await batchWith(2);
    const { root, button } = mount(2);
    await vi.waitFor(() => expect(button()).not.toBeNull());
    zip.build.mockRejectedValueOnce(new Error('worker crashed'));
    await act(() => button()!.click());
    await vi.waitFor(() => expect(root.querySelector('[data-testid=batch-zip-failed]')?.textContent).toContain('ZIP 生成失败（worker crashed）'));
    expect(root.querySelector('progress')).toBeNull();
    expect(zip.download).not.toHaveBeenCalled();

    zip.build.mockResolvedValueOnce(new Uint8Array([1]));
    await act(() => button()!.click());
    await vi.waitFor(() => expect(zip.download).toHaveBeenCalledOnce());
    expect(root.querySelector('[data-testid=batch-zip-failed]')).toBeNull();
  });
});
