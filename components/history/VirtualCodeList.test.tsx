import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { codesByIds } from '@/utils/history/query';
import type { QrCodeRecord } from '@/utils/codes/record';
import { NOW, code } from '@/test/unit/records';
import { VirtualCodeList } from './VirtualCodeList';

vi.mock('@/utils/history/query', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/utils/history/query')>()),
  codesByIds: vi.fn(async () => []),
}));

const IDS = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
const held = new Map(IDS.map((id) => [id, code(id, { label: `label ${id}` })]));

let container: HTMLElement | undefined;

afterEach(() => {
  if (container) render(null, container);
  container?.remove();
  container = undefined;
  vi.mocked(codesByIds).mockClear();
});

async function mount(recordsOf?: (ids: readonly string[]) => QrCodeRecord[]) {
  container = document.createElement('div');
  document.body.append(container);
  await act(async () => {
    render(<VirtualCodeList ids={IDS} recordsOf={recordsOf} version={0} now={NOW} selected={new Set()} onToggle={() => {}} onOpen={() => {}} />, container!);
  });
  return container;
}

const labels = (root: HTMLElement) => [...root.querySelectorAll('.row-label')].map((label) => label.textContent);

describe('VirtualCodeList', () => {
  it('draws the rows in view from the records held in memory, reading nothing from IndexedDB', async () => {
    const root = await mount((ids) => ids.flatMap((id) => held.get(id) ?? []));
    expect(labels(root).slice(0, 3)).toEqual(['label c0', 'label c1', 'label c2']);
    // Only the rows in view (and a few either side) exist, out of 100,000.
    expect(root.querySelectorAll('.code-row').length).toBeLessThan(60);
    const list = root.querySelector<HTMLElement>('.virtual-list')!;
    await act(async () => {
      list.scrollTop = 56 * 50_000;
      list.dispatchEvent(new Event('scroll'));
    });
    expect(labels(root)).toContain('label c50000');
    expect(codesByIds).not.toHaveBeenCalled();
  });

  it('reads the rows in view from IndexedDB while no records are held (the index is not built yet)', async () => {
    await mount(() => []);
    // Asked again when the viewport's measured height changes the rows in view; each time only those.
    expect(codesByIds).toHaveBeenCalled();
    for (const [asked] of vi.mocked(codesByIds).mock.calls) {
      expect(asked[0]).toBe('c0');
      expect(asked.length).toBeLessThan(60);
    }
  });
});
