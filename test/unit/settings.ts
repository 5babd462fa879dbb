import type { PublicAccount, PublicSettings } from '../../utils/messaging/messages';

/** Two accounts as pages see them: 门店号 (a1) and 总部号 (a2). */
export const SHOP: PublicAccount = { id: 'a1', name: '门店号', appId: 'wx0000000000000001', tokenSource: 'stable', hasSecret: true };
export const HQ: PublicAccount = { id: 'a2', name: '总部号', appId: 'wx0000000000000002', tokenSource: 'stable', hasSecret: true };

/** The settings a page is given with these accounts and this one current. */
export function settingsWith(current: PublicAccount | null, accounts: PublicAccount[] = [SHOP, HQ]): PublicSettings {
  return {
    appId: current?.appId ?? '',
    hasSecret: current?.hasSecret ?? false,
    tokenSource: current?.tokenSource ?? 'stable',
    configured: current !== null,
    currentAccountId: current?.id ?? null,
    accounts,
    lock: { enabled: false, unlocked: false },
    needsUnlock: false,
  };
}
