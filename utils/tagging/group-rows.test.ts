import { describe, expect, it } from 'vitest';
import { code } from '@/test/unit/records';
import type { ReportView } from '@/utils/report/view';
import { groupRows } from './group-rows';

const row = (scene: string, followers: number, label = scene) => ({
  key: `str:${scene}`,
  kind: 'str' as const,
  scene,
  label,
  createdAt: 0,
  status: 'active' as const,
  codeCount: 1,
  followers,
  last7Days: 1,
  last30Days: 2,
});

const VIEW = {
  rows: [row('store-1', 10), row('store-2', 5), row('hq', 7)],
  elsewhere: { followers: 3, last7Days: 0, last30Days: 0, scenes: [{ kind: 'str', scene: 'store-x', followers: 3, last7Days: 0, last30Days: 0 }] },
} as unknown as ReportView;

describe('channel groups as report rows', () => {
  it('sums the rows of the scenes the rule picks now; a rule matching nothing is a row of 0', () => {
    const codes = [code('c1', { scene: 'store-1' }), code('c2', { scene: 'store-2' }), code('c3', { scene: 'hq' })];
    const rows = groupRows(
      [
        { id: 'g1', appId: 'wx', name: '门店', rule: { kind: 'scenePrefix', prefix: 'store-' }, tagId: 100, createdAt: 1 },
        { id: 'g2', appId: 'wx', name: '另存', rule: { kind: 'scenes', keys: ['str:store-x', 'str:hq'] }, tagId: 100, createdAt: 2 },
        { id: 'g3', appId: 'wx', name: '空', rule: { kind: 'labelContains', text: '不存在' }, tagId: 100, createdAt: 3 },
      ],
      codes,
      VIEW,
    );
    expect(rows).toEqual([
      { key: 'group:g1', name: '门店', scenes: 2, followers: 15, last7Days: 2, last30Days: 4 },
      { key: 'group:g2', name: '另存', scenes: 2, followers: 10, last7Days: 1, last30Days: 2 },
      { key: 'group:g3', name: '空', scenes: 0, followers: 0, last7Days: 0, last30Days: 0 },
    ]);
  });
});
