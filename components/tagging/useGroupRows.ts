import { useEffect, useState } from 'preact/hooks';
import { codesOfAccount } from '@/utils/report/codes';
import type { GroupRow, ReportView } from '@/utils/report/view';
import type { ChannelGroup } from '@/utils/tagging/channel-group';
import { groupRows } from '@/utils/tagging/group-rows';

/** The account's channel groups as report rows, resolved against its codes in history now. */
export function useGroupRows(appId: string | undefined, view: ReportView | null | undefined, groups: readonly ChannelGroup[]): GroupRow[] {
  const [rows, setRows] = useState<GroupRow[]>([]);
  useEffect(() => {
    if (!appId || !view || groups.length === 0) return setRows([]);
    let current = true;
    void codesOfAccount(appId).then((codes) => current && setRows(groupRows(groups, codes, view)));
    return () => {
      current = false;
    };
  }, [appId, view, groups]);
  return rows;
}
