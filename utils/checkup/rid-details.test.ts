import { describe, expect, it } from 'vitest';
import { REDACTED } from './redact';
import { ridDetails } from './rid-details';

const SECRET = '0123456789abcdef0123456789abcdef';
const TOKEN = 'ACCESS_TOKEN_84_chars_xyz';

describe('ridDetails', () => {
  it('a token call: no AppSecret in the body, no token in the answer or the URL', () => {
    const details = ridDetails(
      'r1',
      {
        invokeTime: 1_700_000_000,
        costInMs: 12,
        requestUrl: `https://api.weixin.qq.com/cgi-bin/stable_token?x=1`,
        requestBody: JSON.stringify({ grant_type: 'client_credential', appid: 'wx1', secret: SECRET }),
        responseBody: JSON.stringify({ access_token: TOKEN, expires_in: 7200 }),
        clientIp: '203.0.113.7',
      },
      [SECRET, TOKEN],
    );
    const shown = JSON.stringify(details);
    expect(shown).not.toContain(SECRET);
    expect(shown).not.toContain(TOKEN);
    expect(details.requestBody).toContain('"appid":"wx1"');
    expect(details.requestBody).toContain(REDACTED);
    expect(details.invokedAt).toBe(1_700_000_000_000);
    expect(details.clientIp).toBe('203.0.113.7');
  });

  it('a business call: the token leaves the query, the body stays readable', () => {
    const details = ridDetails(
      'r2',
      {
        invokeTime: 1,
        costInMs: 3,
        requestUrl: `https://api.weixin.qq.com/cgi-bin/qrcode/create?access_token=${TOKEN}`,
        requestBody: '{"action_name":"QR_SCENE","expire_seconds":60,"action_info":{"scene":{"scene_id":7}}}',
        responseBody: '{"errcode":45009,"errmsg":"reach max api daily quota limit rid: r2"}',
        clientIp: '',
      },
      [],
    );
    expect(details.requestUrl).toBe(`https://api.weixin.qq.com/cgi-bin/qrcode/create?access_token=${REDACTED}`);
    expect(details.requestBody).toContain('"scene_id":7');
    expect(details.responseBody).toContain('45009');
  });

  it('a known secret in a place with no name (echoed by a relay) is removed too', () => {
    const details = ridDetails(
      'r3',
      { invokeTime: 1, costInMs: 1, requestUrl: 'https://relay.example/x', requestBody: `echo ${SECRET}`, responseBody: '', clientIp: '' },
      [SECRET],
    );
    expect(details.requestBody).toBe(`echo ${REDACTED}`);
  });
});
