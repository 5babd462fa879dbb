import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import enMessages from '@/public/_locales/en/messages.json';
import zhMessages from '@/public/_locales/zh_CN/messages.json';
import type { AppError, ErrorCode } from './app-error';
import { describeError } from './error-text';
import { TOKEN_REJECTED_ERRCODES, asTagError, extractCallerIp, extractRid, transportError, wechatError } from '@/utils/wechat/errors';

type Messages = Record<string, { message: string; placeholders?: unknown }>;
const zh = zhMessages as Messages;
const en = enMessages as Messages;

/**
 * Every ErrorCode. `satisfies Record<ErrorCode, true>` makes tsc fail when a code is added to
 * app-error.ts and not listed here (and when one listed here no longer exists).
 */
const ALL_ERROR_CODES = Object.keys({
  scene_id_not_integer: true,
  scene_id_range: true,
  scene_str_empty: true,
  scene_str_too_long: true,
  expire_not_integer: true,
  expire_range: true,
  action_name_invalid: true,
  app_id_invalid: true,
  app_secret_invalid: true,
  credentials_missing: true,
  wechat_busy: true,
  wechat_secret_or_token: true,
  wechat_app_id: true,
  wechat_token_rejected: true,
  wechat_secret: true,
  wechat_ip_whitelist: true,
  wechat_scene_rejected: true,
  wechat_arguments: true,
  wechat_daily_quota: true,
  wechat_permanent_quota: true,
  wechat_unauthorized: true,
  wechat_risky_ip_confirm: true,
  wechat_risky_ip_pending: true,
  wechat_risky_ip_refused: true,
  wechat_our_bug: true,
  wechat_unknown: true,
  timeout: true,
  network: true,
  http_status: true,
  bad_response: true,
  token_server_timeout: true,
  token_server_network: true,
  token_server_redirect: true,
  token_server_unauthorized: true,
  token_server_http_status: true,
  token_server_bad_response: true,
  token_server_ip_whitelist: true,
  token_server_ip_confirm: true,
  token_server_wechat_error: true,
  relay_timeout: true,
  relay_network: true,
  relay_redirect: true,
  relay_http_status: true,
  relay_bad_response: true,
  relay_ip_whitelist: true,
  storage: true,
  forbidden_sender: true,
  record_missing: true,
  wechat_image_gone: true,
  renew_permanent: true,
  renew_selection_empty: true,
  renew_selection_too_many: true,
  renew_selection_permanent: true,
  renew_selection_accounts: true,
  account_missing: true,
  account_app_id_taken: true,
  account_name_empty: true,
  secret_locked: true,
  secret_wrong_passphrase: true,
  secret_lock_unreadable: true,
  secret_passphrase_empty: true,
  secret_passphrase_mismatch: true,
  token_server_url_invalid: true,
  token_server_url_insecure: true,
  token_server_header_invalid: true,
  token_server_permission_missing: true,
  token_pasted_invalid: true,
  token_pasted_missing: true,
  api_base_invalid: true,
  api_base_permission_missing: true,
  batch_missing: true,
  batch_account_changed: true,
  batch_nothing_to_create: true,
  push_invalid_url: true,
  push_not_configured: true,
  push_permission_missing: true,
  push_timeout: true,
  push_network: true,
  webdav_url_invalid: true,
  webdav_url_insecure: true,
  webdav_root_invalid: true,
  webdav_permission_missing: true,
  webdav_not_configured: true,
  webdav_unauthorized: true,
  webdav_forbidden: true,
  webdav_not_found: true,
  webdav_method_not_allowed: true,
  webdav_conflict: true,
  webdav_locked: true,
  webdav_space_full: true,
  webdav_busy: true,
  webdav_redirect: true,
  webdav_http_status: true,
  webdav_timeout: true,
  webdav_network: true,
  webdav_tls: true,
  webdav_bad_response: true,
  tag_name_empty: true,
  tag_name_too_long: true,
  tag_name_taken: true,
  tag_too_many: true,
  tag_system: true,
  tag_missing: true,
  tag_follower_cap: true,
  tag_follower_gone: true,
  tag_follower_foreign: true,
  tag_daily_quota: true,
  tag_unauthorized: true,
  tag_rule_invalid: true,
  tag_rule_matches_nothing: true,
  tagging_missing: true,
  tagging_undo_unavailable: true,
  sync_passphrase_needed: true,
  sync_passphrase_wrong: true,
  sync_folder_not_encrypted: true,
  sync_file_unreadable: true,
  sync_format_newer: true,
  wechat_quota_reset_limit: true,
  wechat_rid_unknown: true,
  wechat_quota_unavailable: true,
  quota_reset_needs_secret: true,
  batch_quota_planned: true,
  internal: true,
} satisfies Record<ErrorCode, true>) as ErrorCode[];

/** The string literals of the ErrorCode union, read from the source: the runtime twin of the tsc check above. */
function errorCodesInSource(): string[] {
  const source = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'app-error.ts'), 'utf8');
  const union = /export type ErrorCode =([\s\S]*?);/.exec(source)?.[1] ?? '';
  return [...union.matchAll(/\|\s*'([a-z_]+)'/g)].map((match) => match[1]!);
}

const placeholders = (message: string) => [...new Set(message.match(/\$\d/g) ?? [])].sort();

const WHITELIST_ERRMSG = 'invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 6543-abc';

describe('wechatError: errcode → operator-facing error', () => {
  it('40164 carries the IP from errmsg as its parameter', () => {
    expect(wechatError(40164, WHITELIST_ERRMSG)).toEqual({
      code: 'wechat_ip_whitelist',
      errcode: 40164,
      errmsg: 'invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist',
      rid: '6543-abc',
      params: ['203.0.113.7'],
    });
  });

  it('extracts the caller IP (the IPv4 one, first) and the rid from errmsg', () => {
    expect(extractCallerIp(WHITELIST_ERRMSG)).toBe('203.0.113.7');
    expect(extractRid(WHITELIST_ERRMSG)).toBe('6543-abc');
    expect(extractRid('invalid credential, access_token is invalid or not latest rid: 64d1a2b3-1234abcd-5678ef90')).toBe('64d1a2b3-1234abcd-5678ef90');
    expect(extractRid('no request id here')).toBeUndefined();
  });

  it('40164 without an IP in errmsg still names a placeholder instead of an empty IP', () => {
    expect(wechatError(40164, 'not in whitelist').params).toEqual(['?']);
  });

  it.each([
    [-1, 'wechat_busy'],
    [40001, 'wechat_secret_or_token'],
    [40002, 'wechat_our_bug'],
    [40013, 'wechat_app_id'],
    [40014, 'wechat_token_rejected'],
    [40125, 'wechat_secret'],
    [41001, 'wechat_our_bug'],
    [42001, 'wechat_token_rejected'],
    [43002, 'wechat_our_bug'],
    [44002, 'wechat_our_bug'],
    [47001, 'wechat_our_bug'],
    [40052, 'wechat_our_bug'],
    [40053, 'wechat_scene_rejected'],
    [40097, 'wechat_arguments'],
    [45009, 'wechat_daily_quota'],
    [45029, 'wechat_permanent_quota'],
    [48001, 'wechat_unauthorized'],
    [61004, 'wechat_ip_whitelist'],
    [89501, 'wechat_risky_ip_pending'],
    [89503, 'wechat_risky_ip_confirm'],
    [89506, 'wechat_risky_ip_refused'],
    [89507, 'wechat_risky_ip_refused'],
  ] as const)('maps errcode %i to %s (contract §4)', (errcode, code) => {
    expect(wechatError(errcode, 'x')).toMatchObject({ code, errcode });
  });

  it('an unlisted errcode becomes wechat_unknown naming the errcode', () => {
    expect(wechatError(61451, 'invalid parameter rid: u-1')).toMatchObject({ code: 'wechat_unknown', params: ['61451'], rid: 'u-1' });
  });

  it('treats exactly 40001, 40014 and 42001 as "token rejected"', () => {
    expect([...TOKEN_REJECTED_ERRCODES].sort()).toEqual([40001, 40014, 42001]);
  });
});

describe('describeError: the words the operator reads', () => {
  it('40164: the message names the IP WeChat saw and where to add it (IP白名单)', () => {
    const { message } = describeError(wechatError(40164, WHITELIST_ERRMSG));
    expect(message).toContain('203.0.113.7');
    expect(message).toContain('IP白名单');
    expect(message).toContain('基本配置');
  });

  it('keeps errcode, errmsg and rid in the details for support', () => {
    const { details } = describeError(wechatError(40164, WHITELIST_ERRMSG));
    expect(details).toContain('40164');
    expect(details).toContain('rid：6543-abc');
    expect(details).toContain('not in whitelist');
  });

  it('shows the rid only once: errmsg in the details has it stripped', () => {
    const { details } = describeError(wechatError(40164, WHITELIST_ERRMSG));
    expect(details.match(/6543-abc/g)).toHaveLength(1);
  });

  it('has no details for an input error, which has no errcode', () => {
    expect(describeError({ code: 'scene_id_range', params: ['1', '100000'] })).toEqual({
      message: '场景值超出范围：必须在 1 到 100000 之间。',
      details: '',
    });
  });

  it('scene_str_too_long explains the limit in bytes', () => {
    expect(describeError({ code: 'scene_str_too_long', params: ['66', '64'] }).message).toContain('66 字节，最多 64 字节');
  });

  it('45009 says the quota resets at midnight Beijing time', () => {
    expect(describeError(wechatError(45009, 'reach max api daily quota limit')).message).toContain('北京时间零点');
  });

  it('48001 and 45009 from a tag call speak of the 用户管理 permission and the tag calls, not of parametric codes (contract §9)', () => {
    const unauthorized = describeError(asTagError(wechatError(48001, 'api unauthorized rid: t-1')));
    expect(unauthorized.message).toContain('用户管理');
    expect(unauthorized.message).not.toContain('带参数二维码');
    expect(unauthorized.details).toContain('48001');
    const quota = describeError(asTagError(wechatError(45009, 'reach max api daily quota limit')));
    expect(quota.message).toContain('标签');
    expect(quota.message).not.toContain('生成二维码');
  });

  it('an unknown errcode names the errcode in the message', () => {
    expect(describeError(wechatError(61451, 'x')).message).toContain('61451');
  });

  it.each(ALL_ERROR_CODES)('error %s has a real zh_CN message, not the key', (code) => {
    const error: AppError = { code, params: ['P1', 'P2'] };
    const { message } = describeError(error);
    expect(message).not.toBe(`error_${code}`);
    expect(message).toBe(zh[`error_${code}`]!.message.replaceAll('$1', 'P1').replaceAll('$2', 'P2'));
  });
});

describe('locale files', () => {
  it('the list of error codes in this test matches the ErrorCode union in app-error.ts', () => {
    expect([...ALL_ERROR_CODES].sort()).toEqual(errorCodesInSource().sort());
  });

  it.each(ALL_ERROR_CODES)('error %s has a non-empty message in zh_CN and in en', (code) => {
    expect(zh[`error_${code}`]?.message.trim()).toBeTruthy();
    expect(en[`error_${code}`]?.message.trim()).toBeTruthy();
  });

  it('en has exactly the same keys as zh_CN', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('every en message uses the same $N placeholders as its zh_CN message', () => {
    const mismatched = Object.keys(zh).filter((key) => placeholders(zh[key]!.message).join() !== placeholders(en[key]?.message ?? '').join());
    expect(mismatched).toEqual([]);
  });

  it('every named $name$ placeholder a message uses is defined in its placeholders (Chrome refuses to load the extension otherwise)', () => {
    const undefinedNames = [...Object.entries(zh), ...Object.entries(en)].flatMap(([key, entry]) => {
      const defined = Object.keys((entry.placeholders ?? {}) as object).map((name) => name.toLowerCase());
      return [...entry.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)]
        .map((match) => match[1]!.toLowerCase())
        .filter((name) => !defined.includes(name))
        .map((name) => `${key}: $${name}$`);
    });
    expect(undefinedNames).toEqual([]);
  });

  it('the en 40164 message also names the IP ($1) and the IP白名单 page', () => {
    expect(en.error_wechat_ip_whitelist!.message).toContain('$1');
    expect(en.error_wechat_ip_whitelist!.message).toContain('IP白名单');
  });
});

/** The codes that name a server other than WeChat: their words must say which one ($1, its origin). */
const CODES_NAMING_A_SERVER: ErrorCode[] = ALL_ERROR_CODES.filter(
  (code) => (code.startsWith('relay_') || code.startsWith('token_server_')) && !/_(url_invalid|url_insecure|header_invalid|permission_missing)$/.test(code),
);

const TOKEN_SERVER = { kind: 'token_server', origin: 'https://tokens.example.com' } as const;
const RELAY = { kind: 'relay', origin: 'https://wx-relay.example.com' } as const;

/** describeError as Chrome would answer it in English: the en locale, $1… filled in. */
function useEnglish() {
  const original = fakeBrowser.i18n.getMessage;
  beforeEach(() => {
    fakeBrowser.i18n.getMessage = ((key: string, substitutions?: string | string[]) => {
      const values = ([] as string[]).concat(substitutions ?? []);
      return (en[key]?.message ?? '').replace(/\$(\d)/g, (_, n: string) => values[Number(n) - 1] ?? '');
    }) as typeof fakeBrowser.i18n.getMessage;
  });
  afterEach(() => {
    fakeBrowser.i18n.getMessage = original;
  });
}

describe('errors name who failed', () => {
  it('every token-server and relay error names the server by its origin ($1) in zh_CN and en', () => {
    expect(CODES_NAMING_A_SERVER.length).toBeGreaterThanOrEqual(15);
    const missing = CODES_NAMING_A_SERVER.filter((code) => !zh[`error_${code}`]!.message.includes('$1') || !en[`error_${code}`]!.message.includes('$1'));
    expect(missing).toEqual([]);
  });

  it.each(['timeout', 'network', 'redirect', 'status', 'unreadable'] as const)(
    "a token server's %s is in the token server's words, naming its origin and not blaming WeChat",
    (kind) => {
      const fault = kind === 'timeout' ? { kind, seconds: 15 } : kind === 'status' ? { kind, status: 500 } : { kind };
      const { message } = describeError(transportError(fault, TOKEN_SERVER));
      expect(message).toContain('中控服务器 https://tokens.example.com');
      expect(message).not.toContain('微信');
      expect(message).toContain('测试连接');
    },
  );

  it.each(['timeout', 'network', 'redirect', 'status', 'unreadable'] as const)("a relay's %s names the relay's origin and what to change", (kind) => {
    const fault = kind === 'timeout' ? { kind, seconds: 15 } : kind === 'status' ? { kind, status: 502 } : { kind };
    const { message } = describeError(transportError(fault, RELAY));
    expect(message).toContain('接口中转 https://wx-relay.example.com');
    expect(message).not.toMatch(/^微信/);
    expect(message).toContain('接口中转地址');
  });

  it('a 401 from the token server points at the header', () => {
    expect(describeError(transportError({ kind: 'status', status: 401 }, TOKEN_SERVER)).message).toContain('请求头');
  });

  it('40164 passed on by the token server: add the token server\'s IP to the whitelist, not "use a token server"', () => {
    const { message, details } = describeError(wechatError(40164, WHITELIST_ERRMSG, TOKEN_SERVER));
    expect(message).toContain('https://tokens.example.com');
    expect(message).toContain('203.0.113.7');
    expect(message).toContain('IP白名单');
    expect(message).not.toContain('改用中控服务器');
    expect(details).toContain('40164');
  });

  it("40164 through the relay names the relay's IP and does not suggest a relay", () => {
    const { message } = describeError(wechatError(40164, WHITELIST_ERRMSG, RELAY));
    expect(message).toContain('https://wx-relay.example.com');
    expect(message).toContain('203.0.113.7');
    expect(message).not.toContain('固定 IP 的接口中转地址');
  });

  it('61004 reads as the whitelist refusal with the IP after requestIP:', () => {
    const { message } = describeError(wechatError(61004, 'access clientip is not registered requestIP: 47.107.99.226 rid: 638f-161b'));
    expect(message).toContain('47.107.99.226');
    expect(message).toContain('IP白名单');
  });

  it('89501 says the IP waits for the admin and that it works once confirmed', () => {
    const { message } = describeError(wechatError(89501, 'x'));
    expect(message).toContain('89501');
    expect(message).toContain('管理员');
    expect(message).toContain('确认前');
  });

  describe('in English', () => {
    useEnglish();

    it("a token server's 500 and HTML answer name the token server, not WeChat", () => {
      for (const error of [transportError({ kind: 'status', status: 500 }, TOKEN_SERVER), transportError({ kind: 'unreadable' }, TOKEN_SERVER)]) {
        const { message } = describeError(error);
        expect(message).toContain('The token server https://tokens.example.com');
        expect(message).not.toContain('WeChat');
        expect(message).toContain('Test connection');
      }
    });

    it("a relay's 502 names the relay", () => {
      const { message } = describeError(transportError({ kind: 'status', status: 502 }, RELAY));
      expect(message).toContain('The API relay https://wx-relay.example.com answered HTTP 502');
    });

    it("40164 from the token server asks for the token server's IP on the whitelist", () => {
      const { message } = describeError(wechatError(40164, WHITELIST_ERRMSG, TOKEN_SERVER));
      expect(message).toContain("the token server's IP 203.0.113.7");
      expect(message).toContain('IP白名单');
      expect(message).not.toContain('or use a');
    });

    it('89501 and 61004 have their English words', () => {
      expect(describeError(wechatError(89501, 'x')).message).toContain('waiting for the account admin');
      expect(describeError(wechatError(61004, 'requestIP: 192.0.2.1')).message).toContain('192.0.2.1');
    });
  });
});
