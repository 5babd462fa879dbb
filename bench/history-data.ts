/**
 * A realistic history of many codes for the history bench, generated deterministically (seeded
 * PRNG) around a given "now". Shapes follow what an operator's history holds:
 *
 * - all four kinds: temporary string codes most, then permanent string codes (posters, shops),
 *   temporary and permanent numeric codes less;
 * - three accounts (one main, two smaller);
 * - labels in Chinese (~60 %), ASCII (~30 %) or empty (~10 %: the list then shows the scene);
 *   every Chinese label names one of 60 shops and every ASCII label one of 30 venues, so each
 *   name matches ~1 % of the records: those names are the search terms;
 * - ~20 % with the link the scene came from (context menu), ~5 % with a note, ~2 % renewed;
 * - createdAt over the last year; temporary codes have expiresAt = createdAt + expireSeconds × 1000,
 *   and ~30 % of all codes are expired (the rest of the temporary ones were made recently enough
 *   to be still valid, as in a real history: a temporary code lives at most 30 days);
 * - unique id (UUID v4) and ticket; tickets look like WeChat's (base64 of a binary blob holding the
 *   url, so they contain + / and end in =), urls like WeChat's ("http://weixin.qq.com/q/02…").
 *
 * Plain JavaScript only (no Node API): the bench bundles this module and runs it in the extension's
 * service worker too, so the records are made where they are written instead of being sent over
 * the DevTools protocol (100,000 records are ~40 MB: seconds of transfer). Same seed and "now",
 * same records, in Node and in the worker.
 */
import type { QrCodeRecord } from '../utils/codes/record';
import type { ActionName } from '../utils/wechat/qr-request';
import { seededRandom } from '../test/stand-ins/follower-base';

export const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
const MINUTE_MS = 60_000;

// prettier-ignore
const SHOPS_CN = [
  '北京三里屯店', '北京国贸店', '北京望京店', '北京西单店', '北京中关村店', '上海徐汇店', '上海静安寺店', '上海陆家嘴店',
  '上海五角场店', '上海虹桥店', '广州天河店', '广州北京路店', '广州珠江新城店', '深圳福田店', '深圳南山店', '深圳宝安店',
  '杭州西湖店', '杭州滨江店', '杭州武林店', '成都春熙路店', '成都太古里店', '成都高新店', '重庆解放碑店', '重庆观音桥店',
  '武汉光谷店', '武汉江汉路店', '南京新街口店', '南京河西店', '苏州观前街店', '苏州园区店', '西安钟楼店', '西安小寨店',
  '长沙五一广场店', '长沙梅溪湖店', '天津滨江道店', '天津大悦城店', '青岛五四广场店', '青岛万象城店', '厦门中山路店', '厦门湖里店',
  '郑州二七店', '郑州郑东店', '沈阳中街店', '大连星海店', '昆明南屏街店', '合肥淮河路店', '福州东街口店', '济南泉城路店',
  '宁波天一店', '无锡崇安寺店', '佛山祖庙店', '东莞南城店', '哈尔滨中央大街店', '长春红旗街店', '南宁朝阳店', '贵阳花果园店',
  '海口友谊店', '兰州西关店', '太原柳巷店', '石家庄万达店',
];
// prettier-ignore
const VENUES_EN = [
  'Harbor Plaza', 'Union Square', 'Airport T2', 'Riverside Mall', 'Central Station', 'Expo Hall B', 'Lakeview Outlet',
  'Grand Hyatt Lobby', 'Pier 39 Kiosk', 'Tech Park Canteen', 'Old Town Gate', 'Sunrise Gym', 'Maple Bookstore',
  'Northgate Cinema', 'Blue Bay Resort', 'Citywalk Popup', 'Garden Cafe', 'Metro Line 2', 'Stadium East Stand',
  'University Library', 'Westfield Atrium', 'Coastal Museum', 'Hilltop Winery', 'Ocean Park Gate', 'Skyline Tower',
  'Green Valley Farm', 'Silver Lake Hotel', 'Downtown Flagship', 'Festival Village', 'Ice Rink Arena',
];
const CAMPAIGNS_CN = [
  '双十一海报',
  '年货节',
  '开业酬宾',
  '会员日',
  '春季上新',
  '中秋礼盒',
  '店员推广',
  '地推传单',
  '收银台立牌',
  '外卖袋贴纸',
  '七夕活动',
  '周年庆',
];
const CAMPAIGNS_EN = ['spring poster', 'grand opening', 'member day', 'flyer', 'counter stand', 'event badge', 'table tent', 'newsletter'];
const CHANNELS = ['poster', 'flyer', 'sales', 'store', 'event', 'menu', 'bag', 'counter', 'kol', 'wxad', 'moments', 'table'];
const SHOP_SLUGS = [
  'bj-sanlitun',
  'bj-guomao',
  'sh-xuhui',
  'sh-jingan',
  'gz-tianhe',
  'sz-futian',
  'hz-xihu',
  'cd-chunxi',
  'wh-guanggu',
  'nj-xinjiekou',
  'xa-zhonglou',
  'cq-jfb',
];
const CITIES_CN = ['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '南京'];
const STAFF = ['zhangwei', 'wangfang', 'lina', 'liuyang', 'chenjie', 'yangli', 'zhaolei', 'huangmin', 'zhouqiang', 'wuxia'];
const NOTES = [
  '贴在收银台左侧',
  '店长负责更换',
  '活动结束后撤下',
  '印刷 500 份',
  'KOL 合作，按扫码结算',
  '第二批物料',
  'reprinted after the typo fix',
  'A4 poster, matte',
];
const LINK_HOSTS = ['https://mp.weixin.qq.com/s/', 'https://www.example-shop.cn/activity/', 'https://m.example-shop.cn/p/', 'https://event.example.com/'];
const ACCOUNTS: readonly [string, number][] = [
  ['wx5f3a9c1d2b7e4a60', 0.7],
  ['wx0b8d6e2f4a1c9375', 0.2],
  ['wx91c4e7a3b5d28f06', 0.1],
];
const KINDS: readonly [ActionName, number][] = [
  ['QR_STR_SCENE', 0.4],
  ['QR_SCENE', 0.15],
  ['QR_LIMIT_STR_SCENE', 0.3],
  ['QR_LIMIT_SCENE', 0.15],
];
/** WeChat's default (30 days) most, then a week, a day, an hour. */
const LIFETIMES: readonly [number, number][] = [
  [2_592_000, 0.5],
  [604_800, 0.25],
  [86_400, 0.15],
  [3_600, 0.1],
];
/** Share of ALL codes that are expired; they are all temporary, so this is a share of those too. */
export const EXPIRED_SHARE = 0.3;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export interface GeneratedHistory {
  records: QrCodeRecord[];
  /** Each shop and venue name, with how many records it matches (search semantics of history-query.ts). */
  shopsCn: readonly string[];
  venuesEn: readonly string[];
  stats: Record<string, number>;
}

export function generateHistory(count: number, now: number, seed = 20251123): GeneratedHistory {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const weighted = <T>(items: readonly (readonly [T, number])[]): T => {
    let r = random();
    for (const [item, weight] of items) if ((r -= weight) < 0) return item;
    return items[items.length - 1]![0];
  };
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const hex = (digits: number) => Array.from({ length: digits }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`;
  const base62 = (n: number, width: number) => {
    let text = '';
    for (let i = 0; i < width; i++, n = Math.floor(n / 62)) text = BASE62[n % 62] + text;
    return text;
  };

  const temporaryShare = KINDS.filter(([kind]) => kind === 'QR_SCENE' || kind === 'QR_STR_SCENE').reduce((sum, [, w]) => sum + w, 0);
  const expiredGivenTemporary = EXPIRED_SHARE / temporaryShare;
  const records: QrCodeRecord[] = [];
  const expiredIds: string[] = [];
  const stats: Record<string, number> = { expired: 0, chineseLabel: 0, asciiLabel: 0, emptyLabel: 0, withSourceUrl: 0, withNote: 0, renewed: 0 };

  for (let i = 0; i < count; i++) {
    const actionName = weighted(KINDS);
    const permanent = actionName === 'QR_LIMIT_SCENE' || actionName === 'QR_LIMIT_STR_SCENE';
    const numeric = actionName === 'QR_SCENE' || actionName === 'QR_LIMIT_SCENE';
    stats[actionName] = (stats[actionName] ?? 0) + 1;

    // Scene: numeric ids in their range (canonical digits), strings as operators write them.
    let scene: string;
    if (numeric) scene = String(permanent ? int(1, 100_000) : int(100_000, 4_294_967_295));
    else {
      const r = random();
      if (r < 0.5) scene = `${pick(CHANNELS)}_${pick(SHOP_SLUGS)}_${String(int(1, 999)).padStart(3, '0')}`;
      else if (r < 0.75) scene = `${pick(CHANNELS)}:${pick(STAFF)}`;
      else if (r < 0.88) scene = `${pick(CHANNELS)}-${new Date(now - int(0, 365) * DAY_MS).toISOString().slice(0, 10)}-${int(1, 99)}`;
      else scene = `门店-${pick(CITIES_CN)}-${int(1, 300)}`; // 3-byte characters: still ≤ 64 bytes
    }

    // Label: the shop or venue name is what makes it findable.
    let label: string;
    const l = random();
    if (l < 0.6) {
      label = random() < 0.5 ? `${pick(CAMPAIGNS_CN)}·${pick(SHOPS_CN)}` : `${pick(SHOPS_CN)} ${pick(CAMPAIGNS_CN)} 第${int(1, 9)}版`;
      stats.chineseLabel!++;
    } else if (l < 0.9) {
      label = `${pick(VENUES_EN)} - ${pick(CAMPAIGNS_EN)} #${int(1, 40)}`;
      stats.asciiLabel!++;
    } else {
      label = '';
      stats.emptyLabel!++;
    }

    // Times: permanent codes anywhere in the year; temporary ones expired or still valid.
    let createdAt: number;
    let expireSeconds: number | null = null;
    let expiresAt: number | null = null;
    if (permanent) createdAt = now - int(MINUTE_MS, YEAR_MS);
    else {
      expireSeconds = weighted(LIFETIMES);
      const lifetimeMs = expireSeconds * 1000;
      if (random() < expiredGivenTemporary) createdAt = now - int(lifetimeMs + MINUTE_MS, YEAR_MS);
      // Still valid for at least 10 more minutes, so none expires while the bench runs.
      else createdAt = now - int(MINUTE_MS, lifetimeMs - 10 * MINUTE_MS);
      expiresAt = createdAt + lifetimeMs;
    }

    const id = uuid();
    // The index, scrambled by a bijection of 0…62⁶−1 (the multiplier is prime to 62): unique, not zeros.
    const code = `02${Array.from({ length: 16 }, () => BASE62[Math.floor(random() * 62)]).join('')}${base62((i * 2_654_435_761) % 62 ** 6, 6)}`;
    const url = `http://weixin.qq.com/q/${code}`;
    // WeChat's ticket: base64 of a small binary header, the url, and a binary tail (timestamp, lifetime).
    // btoa over char codes (the url is ASCII), not Buffer: this module also runs in the service worker.
    const head = [0x81, 0x01, int(0, 255), int(0, 255), 0x00, 0x00];
    const tail = Array.from({ length: 10 + (i % 3) }, () => int(0, 255));
    const ticket = btoa(String.fromCharCode(...head, ...Array.from(url, (c) => c.charCodeAt(0)), ...tail));

    const record: QrCodeRecord = { id, appId: weighted(ACCOUNTS), actionName, scene, label, ticket, url, expireSeconds, createdAt, expiresAt };
    if (random() < 0.2) {
      const param = numeric ? 'scene' : pick(['channel', 'utm_source', 'from']);
      record.sourceUrl = `${pick(LINK_HOSTS)}${base62(int(0, 1e9), 8)}?${param}=${encodeURIComponent(scene)}`;
      stats.withSourceUrl!++;
    }
    if (random() < 0.05) {
      record.note = pick(NOTES);
      stats.withNote!++;
    }
    if (expiredIds.length > 0 && random() < 0.02) {
      record.renewedFromId = pick(expiredIds);
      stats.renewed!++;
    }
    if (expiresAt !== null && expiresAt <= now) {
      stats.expired!++;
      expiredIds.push(id);
    }
    records.push(record);
  }
  return { records, shopsCn: SHOPS_CN, venuesEn: VENUES_EN, stats };
}
