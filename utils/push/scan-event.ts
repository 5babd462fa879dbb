import type { QrCodeRecord } from '@/utils/codes/record';

/**
 * What the account's own server receives when a code is scanned (contract §5), and a way to send
 * it a signed test push: the exact event XML, WeChat's signature, the URLs WeChat calls, and how the
 * common SDKs expose the scene. Pure: no network, no storage.
 */

export type ScanEventType = 'subscribe' | 'SCAN';

/** The prefix WeChat puts before the scene in a `subscribe` event's EventKey (never in `SCAN`). */
export const SUBSCRIBE_SCENE_PREFIX = 'qrscene_';

/** Looks like an openid (28 characters, starts with "o") but says it is a test. */
export const TEST_OPENID = 'oSceneQR_test_openid_0000000';

/**
 * Safe mode (安全模式, EncodingAESKey) is NOT simulated: there WeChat sends the XML AES-encrypted in
 * `<Encrypt>` with `encrypt_type=aes&msg_signature=…` in the query, and a server in safe mode will
 * refuse or misread the plain-text push built here. Plain-text mode (明文模式) and compatible mode
 * (兼容模式) accept it. The UI says so.
 */
export const SAFE_MODE_SIMULATED = false;

export interface ScanEventOptions {
  /** The account's original ID (原始ID, gh_…): WeChat's ToUserName. */
  toUserName: string;
  /** The scanning user's openid. */
  fromUserName: string;
  /** Seconds since the epoch. */
  createTime: number;
}

/** Characters XML 1.0 cannot carry at all, not even in CDATA or as a character reference. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * A CDATA section holding `text` exactly: `]]>` would end the section early, so it is split across
 * two sections (`]]]]><![CDATA[>`), which every XML parser reads back as the original text.
 * Characters XML 1.0 forbids (control characters, lone surrogates) cannot be carried by any means;
 * they become U+FFFD.
 */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(NOT_XML_CHAR, '\uFFFD').split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

/** EventKey as WeChat sends it: `qrscene_<scene>` when the scan made the user follow, the bare scene otherwise. */
export function eventKeyFor(scene: string, event: ScanEventType): string {
  return event === 'subscribe' ? SUBSCRIBE_SCENE_PREFIX + scene : scene;
}

/**
 * The XML WeChat POSTs to the account's server for a scan of `record` (plain-text mode): same
 * elements, order and CDATA use as WeChat's, one element per line.
 */
export function scanEventXml(record: QrCodeRecord, event: ScanEventType, options: ScanEventOptions): string {
  const createTime = Math.floor(options.createTime);
  if (!Number.isFinite(createTime) || createTime < 0) throw new RangeError(`createTime: ${options.createTime}`);
  return [
    `<xml><ToUserName>${cdata(options.toUserName)}</ToUserName>`,
    `<FromUserName>${cdata(options.fromUserName)}</FromUserName>`,
    `<CreateTime>${createTime}</CreateTime>`,
    `<MsgType>${cdata('event')}</MsgType>`,
    `<Event>${cdata(event)}</Event>`,
    `<EventKey>${cdata(eventKeyFor(record.scene, event))}</EventKey>`,
    `<Ticket>${cdata(record.ticket)}</Ticket>`,
    '</xml>',
  ].join('\n');
}

/**
 * WeChat's request signature: hex SHA-1 of token, timestamp and nonce sorted and joined. `token` is
 * the server token set in 基本配置 (not an access token). WeChat's tokens are ASCII letters and digits,
 * so the default sort (UTF-16 code units) is the byte order WeChat's samples sort in.
 */
export async function wechatSignature(serverToken: string, timestamp: string, nonce: string): Promise<string> {
  const text = [serverToken, timestamp, nonce].sort().join('');
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

function randomDigits(length: number): string {
  const values = crypto.getRandomValues(new Uint32Array(length));
  // No leading zero, like WeChat's numbers.
  return [...values].map((value, i) => String(i === 0 ? 1 + (value % 9) : value % 10)).join('');
}

/** A nonce like WeChat's: 10 digits. */
export function randomNonce(): string {
  return randomDigits(10);
}

/** An echostr for the URL-verification GET: WeChat's are long digit strings too. */
export function randomEchostr(): string {
  return randomDigits(19);
}

/** Seconds since the epoch, as WeChat's `timestamp` and `CreateTime` are. */
export function unixSeconds(now: number = Date.now()): string {
  return String(Math.floor(now / 1000));
}

/**
 * `serverUrl` with `params` appended the way WeChat appends them: the URL's own query is kept as
 * written, the fragment dropped (it is never sent). Throws a TypeError for anything but http(s).
 */
function withQuery(serverUrl: string, params: [string, string][]): string {
  const url = new URL(serverUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`Not an http(s) URL: ${serverUrl}`);
  }
  url.hash = '';
  // href keeps a bare trailing "?" that search reports as ""; drop it so we add exactly one.
  const base = url.href.endsWith('?') ? url.href.slice(0, -1) : url.href;
  const separator = url.search === '' ? '?' : base.endsWith('&') ? '' : '&';
  return base + separator + new URLSearchParams(params).toString();
}

export interface PushQuery {
  signature: string;
  timestamp: string;
  nonce: string;
  openid: string;
}

/** Where WeChat POSTs an event in plain-text mode: `?signature=…&timestamp=…&nonce=…&openid=…`. */
export function testPushUrl(serverUrl: string, query: PushQuery): string {
  return withQuery(serverUrl, [
    ['signature', query.signature],
    ['timestamp', query.timestamp],
    ['nonce', query.nonce],
    ['openid', query.openid],
  ]);
}

export interface VerificationQuery {
  signature: string;
  timestamp: string;
  nonce: string;
  echostr: string;
}

/** The GET WeChat sends when the server URL is saved: the server must answer with `echostr` alone. */
export function verificationUrl(serverUrl: string, query: VerificationQuery): string {
  return withQuery(serverUrl, [
    ['signature', query.signature],
    ['timestamp', query.timestamp],
    ['nonce', query.nonce],
    ['echostr', query.echostr],
  ]);
}

export interface ParsedEventKey {
  scene: string;
  /** True when the scan made the user follow (`subscribe`, key was `qrscene_…`). */
  viaSubscribe: boolean;
}

/**
 * The scene in an EventKey, as the SDKs hand it over (wechatpy's `scene_id` strips `qrscene_`;
 * EasyWeChat, WxJava and co-wechat give the raw EventKey and the server strips it).
 *
 * Pass the event when known: a `SCAN` key is never prefixed, so a scene_str that itself begins with
 * `qrscene_` stays whole. Without it a leading `qrscene_` is taken as the subscribe prefix.
 * Returns null when there is no scene (a follow from search or a profile card has an empty key).
 */
export function parseEventKey(eventKey: string | null | undefined, event?: string): ParsedEventKey | null {
  if (!eventKey) return null;
  const kind = event?.toLowerCase();
  if (kind === 'scan') return { scene: eventKey, viaSubscribe: false };
  if (eventKey.startsWith(SUBSCRIBE_SCENE_PREFIX)) {
    const scene = eventKey.slice(SUBSCRIBE_SCENE_PREFIX.length);
    return scene === '' ? null : { scene, viaSubscribe: true };
  }
  // A subscribe key without the prefix is not from a parametric code (e.g. scanbarcode|… keys).
  if (kind === 'subscribe') return null;
  return { scene: eventKey, viaSubscribe: false };
}

export interface SdkNote {
  /** Stable id, usable as a key. */
  id: 'wechatpy' | 'easywechat' | 'wxjava' | 'co-wechat';
  sdk: string;
  language: 'Python' | 'PHP' | 'Java' | 'Node.js';
  /** How that SDK exposes the scene. */
  howToRead: { en: string; zh: string };
  snippet: string;
}

export const SDK_NOTES: readonly SdkNote[] = [
  {
    id: 'wechatpy',
    sdk: 'wechatpy',
    language: 'Python',
    howToRead: {
      en: 'parse_message turns a subscribe with a qrscene_ key into event "subscribe_scan" and strips the prefix; SCAN becomes "scan". Both give the scene as msg.scene_id.',
      zh: 'parse_message 把带 qrscene_ 的 subscribe 变成事件 "subscribe_scan" 并去掉前缀；SCAN 变成 "scan"。两者的场景值都在 msg.scene_id。',
    },
    snippet: `from wechatpy import parse_message
from wechatpy.utils import check_signature

check_signature(TOKEN, signature, timestamp, nonce)  # raises InvalidSignatureException
msg = parse_message(body)
if msg.type == 'event' and msg.event in ('subscribe_scan', 'scan'):
    scene = msg.scene_id  # 'qrscene_' already removed`,
  },
  {
    id: 'easywechat',
    sdk: 'EasyWeChat 6',
    language: 'PHP',
    howToRead: {
      en: 'Gives the raw EventKey: strip "qrscene_" yourself in the subscribe listener; SCAN carries the bare scene.',
      zh: '给的是原始 EventKey：在 subscribe 监听里自己去掉 "qrscene_"；SCAN 里就是场景值本身。',
    },
    snippet: `$server = $app->getServer();
$server->addEventListener('subscribe', function ($message, \\Closure $next) {
    $key = (string) ($message['EventKey'] ?? '');
    $scene = str_starts_with($key, 'qrscene_') ? substr($key, 8) : null; // null: not from a code
    return $next($message);
});
$server->addEventListener('SCAN', function ($message, \\Closure $next) {
    $scene = (string) $message['EventKey'];
    return $next($message);
});
return $server->serve();`,
  },
  {
    id: 'wxjava',
    sdk: 'WxJava (weixin-java-mp)',
    language: 'Java',
    howToRead: {
      en: 'WxMpXmlMessage.getEventKey() is the raw EventKey; getEvent() is "subscribe" or "SCAN". Strip "qrscene_" for subscribe.',
      zh: 'WxMpXmlMessage.getEventKey() 是原始 EventKey；getEvent() 为 "subscribe" 或 "SCAN"。subscribe 时去掉 "qrscene_"。',
    },
    snippet: `// in a WxMpMessageHandler routed for WxConsts.EventType.SUBSCRIBE and WxConsts.EventType.SCAN
String key = wxMessage.getEventKey();
String scene = WxConsts.EventType.SUBSCRIBE.equals(wxMessage.getEvent()) && key != null
    ? key.replaceFirst("^qrscene_", "")
    : key;`,
  },
  {
    id: 'co-wechat',
    sdk: 'co-wechat (Koa 2)',
    language: 'Node.js',
    howToRead: {
      en: 'message.EventKey is the raw EventKey (trimmed of surrounding whitespace by its XML parser); strip "qrscene_" for subscribe. Return "" to reply nothing.',
      zh: 'message.EventKey 是原始 EventKey（其 XML 解析会去掉首尾空白）；subscribe 时去掉 "qrscene_"。返回 "" 表示不回复。',
    },
    snippet: `const wechat = require('co-wechat');
app.use(wechat({ token: TOKEN, appid: APPID }).middleware(async (message) => {
  if (message.MsgType === 'event' && (message.Event === 'subscribe' || message.Event === 'SCAN')) {
    const key = message.EventKey || '';
    const scene = message.Event === 'subscribe' ? key.replace(/^qrscene_/, '') : key;
  }
  return '';
}));`,
  },
];
