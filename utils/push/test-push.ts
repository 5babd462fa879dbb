import { browser } from 'wxt/browser';
import { fail } from '@/utils/messaging/app-error';
import { openCredential } from '@/utils/accounts/credential-seal';
import { originPermissionPattern } from '@/utils/accounts/host-permission';
import type { QrCodeRecord } from '@/utils/codes/record';
import {
  TEST_OPENID,
  type ScanEventType,
  randomEchostr,
  randomNonce,
  scanEventXml,
  testPushUrl,
  unixSeconds,
  verificationUrl,
  wechatSignature,
} from './scan-event';
import type { PushServer, StoredPushServer } from './push-server';

/** WeChat gives the account's server 5 s; we allow a little more before calling it a timeout. */
export const PUSH_TIMEOUT_MS = 10_000;

/** What the account's server answered: shown as it is, with words for what it means. */
export interface PushResult {
  status: number;
  ms: number;
  body: string;
  /** For the URL verification: did the server echo echostr back exactly? */
  echoed?: boolean;
  /** What was sent, so the developer can compare with their logs. */
  sentUrl: string;
  sentBody?: string;
}

export function parseServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return fail({ code: 'push_invalid_url', field: 'pushUrl' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail({ code: 'push_invalid_url', field: 'pushUrl' });
  return url.href;
}

/** The server with its Token in the clear (opened only now, for the request, if the lock sealed it). */
async function configuredServer(server: StoredPushServer | null): Promise<PushServer> {
  if (!server?.url || !(server.token || server.lockedToken)) fail({ code: 'push_not_configured' });
  // Nothing is sent to an origin the operator did not grant (the grant is asked for on saving).
  if (!(await browser.permissions.contains({ origins: [originPermissionPattern(server.url)] }))) {
    fail({ code: 'push_permission_missing', params: [new URL(server.url).origin] });
  }
  const token = (await openCredential(server.token, server.lockedToken)) ?? fail({ code: 'push_not_configured' });
  return { url: server.url, token, originalId: server.originalId };
}

async function timedFetch(url: string, init: RequestInit): Promise<{ status: number; ms: number; body: string }> {
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(PUSH_TIMEOUT_MS), credentials: 'omit', cache: 'no-store' });
  } catch (thrown) {
    if ((thrown as { name?: string }).name === 'TimeoutError') fail({ code: 'push_timeout', params: [String(PUSH_TIMEOUT_MS / 1000)] });
    return fail({ code: 'push_network', params: [new URL(url).origin] });
  }
  const body = (await response.text()).slice(0, 4000);
  return { status: response.status, ms: Math.round(performance.now() - started), body };
}

/** POSTs the XML WeChat would push for this code, signed as WeChat signs it, with a test openid. */
export async function sendTestPush(stored: StoredPushServer | null, record: QrCodeRecord, event: ScanEventType): Promise<PushResult> {
  const server = await configuredServer(stored);
  const timestamp = unixSeconds();
  const nonce = randomNonce();
  const signature = await wechatSignature(server.token, timestamp, nonce);
  const xml = scanEventXml(record, event, { toUserName: server.originalId || 'gh_scene_qr_test', fromUserName: TEST_OPENID, createTime: Number(timestamp) });
  const url = testPushUrl(server.url, { signature, timestamp, nonce, openid: TEST_OPENID });
  const answer = await timedFetch(url, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: xml });
  return { ...answer, sentUrl: url, sentBody: xml };
}

/** The GET WeChat sends when the server URL is saved in 基本配置: the server must echo echostr. */
export async function verifyServer(stored: StoredPushServer | null): Promise<PushResult> {
  const server = await configuredServer(stored);
  const timestamp = unixSeconds();
  const nonce = randomNonce();
  const echostr = randomEchostr();
  const signature = await wechatSignature(server.token, timestamp, nonce);
  const url = verificationUrl(server.url, { signature, timestamp, nonce, echostr });
  const answer = await timedFetch(url, { method: 'GET' });
  return { ...answer, echoed: answer.status === 200 && answer.body.trim() === echostr, sentUrl: url };
}
