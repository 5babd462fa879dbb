import { AppFailure } from '@/utils/messaging/app-error';
import type { QrCodeRecord } from '@/utils/codes/record';
import { sceneKey } from '@/utils/report/follower-report';
import type { GroupRow, ReportView } from '@/utils/report/view';
import { type ChannelGroup, resolveRule } from './channel-group';

/**
 * Channel groups as rows of the report (issue #16): each group's rule resolved against the codes in
 * history now (as a tagging run would), and the report's rows of those scenes added up. A group whose
 * rule matches no code any more is a row of 0, not an error: the report still shows it.
 */
export function groupRows(groups: readonly ChannelGroup[], codes: readonly QrCodeRecord[], view: ReportView): GroupRow[] {
  const totals = new Map<string, { followers: number; last7Days: number; last30Days: number }>();
  for (const row of view.rows) totals.set(row.key, row);
  for (const scene of view.elsewhere.scenes) totals.set(sceneKey(scene.kind, scene.scene), scene);
  return groups.map((group) => {
    let scenes: Set<string>;
    try {
      scenes = resolveRule(group.rule, codes);
    } catch (thrown) {
      if (!(thrown instanceof AppFailure)) throw thrown;
      scenes = new Set();
    }
    const row: GroupRow = { key: `group:${group.id}`, name: group.name, scenes: scenes.size, followers: 0, last7Days: 0, last30Days: 0 };
    for (const key of scenes) {
      const total = totals.get(key);
      if (!total) continue;
      row.followers += total.followers;
      row.last7Days += total.last7Days;
      row.last30Days += total.last30Days;
    }
    return row;
  });
}
