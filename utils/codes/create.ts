import { fail } from '@/utils/messaging/app-error';
import type { StoredAccount } from '@/utils/accounts/account';
import { accountFor, accountOfAppId } from '@/utils/accounts/store';
import { accountClient } from '@/utils/accounts/token-source';
import { getCode, saveCode } from '@/utils/storage/history-db';
import { DEFAULT_EXPIRE_SECONDS, type QrCreateBody, type QrRequestInput, buildQrCreateBody, isPermanent } from '@/utils/wechat/qr-request';
import type { WechatClient } from '@/utils/wechat/client';
import { type QrCodeRecord, toQrCodeRecord } from './record';

/**
 * A single code and a renewal. Each reads its account once, when it starts, and that one snapshot
 * gives the code its token, its request and the account it is filed under: switching the current
 * account meanwhile changes the next code, never this one.
 */

export interface CodeMakerDeps {
  wechat: Pick<WechatClient, 'for'>;
  now: () => number;
}

/** A source link is kept only if it is an http(s) URL of sane length: it came from a web page. */
function webLinkOrUndefined(link: string | undefined): string | undefined {
  if (!link || link.length > 4096) return undefined;
  try {
    return ['http:', 'https:'].includes(new URL(link).protocol) ? link : undefined;
  } catch {
    return undefined;
  }
}

async function createIn(deps: CodeMakerDeps, account: StoredAccount, body: QrCreateBody, input: QrRequestInput, renewedFromId?: string): Promise<QrCodeRecord> {
  const response = await (await accountClient(deps.wechat, account)).createQrCode(body);
  // Saved before replying, so a code WeChat created is kept even if the popup has closed.
  const record = toQrCodeRecord(account.appId, body, response, (input.label ?? '').trim(), deps.now());
  const sourceUrl = webLinkOrUndefined(input.sourceUrl);
  return saveCode({ ...record, ...(sourceUrl && { sourceUrl }), ...(renewedFromId && { renewedFromId }) });
}

/** A code in the current account (as it is when the request arrives), kept in history. */
export async function createCode(deps: CodeMakerDeps, input: QrRequestInput): Promise<QrCodeRecord> {
  // Validation first: an invalid request never costs a token fetch.
  const body = buildQrCreateBody(input);
  return createIn(deps, await accountFor(), body, input);
}

/**
 * A new code for an expired temporary one: same scene, label and lifetime, linked to it, made in
 * the old code's own account whichever is current (account_missing once that account is gone).
 */
export async function renewCode(deps: CodeMakerDeps, id: string): Promise<QrCodeRecord> {
  const old = await getCode(id);
  if (!old) fail({ code: 'record_missing' });
  if (isPermanent(old.actionName)) fail({ code: 'renew_permanent' });
  const account = await accountOfAppId(old.appId);
  const input = {
    actionName: old.actionName,
    scene: old.scene,
    expireSeconds: old.expireSeconds ?? DEFAULT_EXPIRE_SECONDS,
    label: old.label,
    sourceUrl: old.sourceUrl,
  };
  return createIn(deps, account, buildQrCreateBody(input), input, old.id);
}
