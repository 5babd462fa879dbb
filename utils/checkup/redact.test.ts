import { describe, expect, it } from 'vitest';
import { REDACTED, redactBody, redactText, redactUrl, removeKnownSecrets } from './redact';

const SECRET = '0123456789abcdef0123456789abcdef';
const TOKEN = '78_AbCdEfGhIjKlMnOp-token';

describe('redaction of rid records', () => {
  it('removes access tokens and secrets from URL query strings, keeping the rest', () => {
    const url = redactUrl(`https://api.weixin.qq.com/cgi-bin/qrcode/create?access_token=${TOKEN}&x=1`);
    expect(url).toBe(`https://api.weixin.qq.com/cgi-bin/qrcode/create?access_token=${REDACTED}&x=1`);
    expect(redactUrl(`https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wxA&secret=${SECRET}`)).not.toContain(SECRET);
    expect(redactUrl(`https://user:pw@relay.example/p?appsecret=${SECRET}`)).not.toMatch(/pw|0123456789abcdef/);
  });
  it('removes the AppSecret from a token call JSON body at any depth, and tokens inside string values', () => {
    const body = redactBody(
      JSON.stringify({
        grant_type: 'client_credential',
        appid: 'wxA',
        secret: SECRET,
        nested: { access_token: TOKEN, note: `see https://x.example/?token=${TOKEN}` },
      }),
    );
    expect(body).not.toContain(SECRET);
    expect(body).not.toContain(TOKEN);
    expect(JSON.parse(body)).toMatchObject({ appid: 'wxA', grant_type: 'client_credential', secret: REDACTED });
  });
  it('removes header values and form-encoded secrets from non-JSON text', () => {
    expect(redactText(`Authorization: Bearer-${TOKEN} x`)).not.toContain(TOKEN);
    expect(redactBody(`appid=wxA&appsecret=${SECRET}`)).toBe(`appid=wxA&appsecret=${REDACTED}`);
  });
  it('removes known secrets (the stored AppSecret, header values) wherever they occur', () => {
    expect(removeKnownSecrets(`odd place ${SECRET} and X-Key-value-123`, [SECRET, 'X-Key-value-123'])).toBe(`odd place ${REDACTED} and ${REDACTED}`);
  });
});
