// @vitest-environment node
/** The stand-in's §8 rules (docs/wechat-api.md): quotas from real calls, rid records of real requests, 10 resets, 61004. */
import { request } from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { redactBody, redactText, redactUrl } from '../../utils/checkup/redact';
import { CLEARS_PER_MONTH } from '../stand-ins/openapi-diagnostics';
import { TEST_APP_ID, TEST_APP_SECRET, WechatStandIn } from '../stand-ins/wechat-stand-in';

let standIn: WechatStandIn;

beforeAll(async () => {
  standIn = await new WechatStandIn().start();
});

afterAll(() => standIn?.stop());

beforeEach(() => standIn.setIpWhitelist(undefined));

function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: standIn.port, method: 'POST', path, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    });
    req.on('error', reject);
    req.end(body === undefined ? '' : JSON.stringify(body));
  });
}

async function token(): Promise<string> {
  const answer = await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: TEST_APP_ID, secret: TEST_APP_SECRET });
  return answer.access_token as string;
}

const createBody = { action_name: 'QR_SCENE', expire_seconds: 600, action_info: { scene: { scene_id: 1 } } };

describe('§8 quota/get', () => {
  it('counts real calls against the configured limit, and answers 45009 once it is spent', async () => {
    const t = await token();
    standIn.diagnostics.setDailyLimit('/cgi-bin/qrcode/create', 3);
    standIn.diagnostics.setUsed('/cgi-bin/qrcode/create', 1);
    await post(`/cgi-bin/qrcode/create?access_token=${t}`, createBody);
    const quota = await post(`/cgi-bin/openapi/quota/get?access_token=${t}`, { cgi_path: '/cgi-bin/qrcode/create' });
    expect(quota).toEqual({ errcode: 0, errmsg: 'ok', quota: { daily_limit: 3, used: 2, remain: 1 } });
    expect((await post(`/cgi-bin/qrcode/create?access_token=${t}`, createBody)).ticket).toBeTypeOf('string');
    expect((await post(`/cgi-bin/qrcode/create?access_token=${t}`, createBody)).errcode).toBe(45009);
    expect(standIn.diagnostics.usedToday('/cgi-bin/qrcode/create')).toBe(3);
  });

  it('76003 for a path without its "/" or with the host, 76021 for a path without quota, 40001 for a bad token', async () => {
    const t = await token();
    expect((await post(`/cgi-bin/openapi/quota/get?access_token=${t}`, { cgi_path: 'cgi-bin/user/get' })).errcode).toBe(76003);
    expect((await post(`/cgi-bin/openapi/quota/get?access_token=${t}`, { cgi_path: 'https://api.weixin.qq.com/cgi-bin/user/get' })).errcode).toBe(76003);
    expect((await post(`/cgi-bin/openapi/quota/get?access_token=${t}`, { cgi_path: '/cgi-bin/nothing' })).errcode).toBe(76021);
    expect((await post(`/cgi-bin/openapi/quota/get?access_token=nope`, { cgi_path: '/cgi-bin/user/get' })).errcode).toBe(40001);
  });
});

describe('§8 rid/get', () => {
  it('hands back the real request of a failed token call, AppSecret and all, and 76001 for an unknown rid', async () => {
    const failed = await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: TEST_APP_ID, secret: 'wrong-secret' });
    const rid = /rid: (\S+)/.exec(String(failed.errmsg))![1];
    const t = await token();
    const answer = await post(`/cgi-bin/openapi/rid/get?access_token=${t}`, { rid });
    const record = answer.request as Record<string, unknown>;
    expect(record.request_body).toContain('wrong-secret');
    expect(record.request_url).toBe('https://api.weixin.qq.com/cgi-bin/stable_token');
    expect(record.response_body).toContain('40125');
    expect(record.client_ip).toBe('127.0.0.1');
    expect(record.invoke_time).toBeTypeOf('number');
    expect((await post(`/cgi-bin/openapi/rid/get?access_token=${t}`, { rid: 'no-such-rid' })).errcode).toBe(76001);
  });

  it('the record of a real failed business call, once redacted, holds neither the access token nor the AppSecret', async () => {
    const t = await token();
    const failed = await post(`/cgi-bin/qrcode/create?access_token=${t}`, { action_name: 'QR_NOPE' });
    const rid = /rid: (\S+)/.exec(String(failed.errmsg))![1];
    const record = (await post(`/cgi-bin/openapi/rid/get?access_token=${t}`, { rid })).request as {
      request_url: string;
      request_body: string;
      response_body: string;
    };
    expect(record.request_url).toContain(t);
    const shown = [redactUrl(record.request_url), redactBody(record.request_body), redactText(record.response_body)].join('\n');
    expect(shown).not.toContain(t);
    expect(shown).toContain('/cgi-bin/qrcode/create');
  });
});

describe('§8 clear_quota/v2', () => {
  it('zeroes the counts with appid + appsecret, 10 times, then 48006; a wrong secret clears nothing', async () => {
    standIn.diagnostics.setUsed('/cgi-bin/user/get', 7);
    expect((await post(`/cgi-bin/clear_quota/v2?appid=${TEST_APP_ID}&appsecret=bad`, undefined)).errcode).toBe(40125);
    expect((await post('/cgi-bin/clear_quota/v2', { appid: TEST_APP_ID })).errcode).toBe(41004);
    expect(standIn.diagnostics.usedToday('/cgi-bin/user/get')).toBe(7);
    for (let i = standIn.diagnostics.clearsUsed(); i < CLEARS_PER_MONTH; i++) {
      expect(await post(`/cgi-bin/clear_quota/v2?appid=${TEST_APP_ID}&appsecret=${TEST_APP_SECRET}`, undefined)).toEqual({ errcode: 0, errmsg: 'ok' });
    }
    expect(standIn.diagnostics.usedToday('/cgi-bin/user/get')).toBe(0);
    expect((await post(`/cgi-bin/clear_quota/v2?appid=${TEST_APP_ID}&appsecret=${TEST_APP_SECRET}`, undefined)).errcode).toBe(48006);
  });
});

describe('§4 61004', () => {
  it('token calls from an IP off the whitelist answer 61004 with the IP WeChat saw', async () => {
    standIn.setIpWhitelist(['203.0.113.9']);
    const answer = await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: TEST_APP_ID, secret: TEST_APP_SECRET });
    expect(answer.errcode).toBe(61004);
    expect(answer.errmsg).toContain('requestIP: 127.0.0.1');
    standIn.setIpWhitelist(['127.0.0.1']);
    expect((await token()).length).toBeGreaterThan(0);
  });
});
