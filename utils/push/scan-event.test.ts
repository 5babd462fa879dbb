import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseWeChatXml } from '@/test/stand-ins/account-server';
import type { QrCodeRecord } from '@/utils/codes/record';
import {
  SAFE_MODE_SIMULATED,
  SDK_NOTES,
  TEST_OPENID,
  cdata,
  parseEventKey,
  randomEchostr,
  randomNonce,
  scanEventXml,
  testPushUrl,
  verificationUrl,
  wechatSignature,
} from './scan-event';

function record(scene: string, actionName: QrCodeRecord['actionName'] = 'QR_SCENE'): QrCodeRecord {
  return {
    id: 'r1',
    appId: 'wx1234567890abcdef',
    actionName,
    scene,
    label: '',
    ticket: 'gQH+/TICKET==',
    url: 'http://weixin.qq.com/q/abc',
    expireSeconds: 2592000,
    createdAt: 0,
    expiresAt: 2592000000,
  };
}

const who = { toUserName: 'gh_account', fromUserName: 'oOPENID', createTime: 1700000000 };

// happy-dom's DOMParser cannot read CDATA at all (even `<a><![CDATA[x]]></a>` yields a parsererror), so
// well-formedness is checked with the strict reader the stand-in account server uses.
describe('scanEventXml', () => {
  it('is exactly what WeChat pushes for subscribe: EventKey qrscene_ + scene', () => {
    expect(scanEventXml(record('123'), 'subscribe', who)).toBe(
      '<xml><ToUserName><![CDATA[gh_account]]></ToUserName>\n' +
        '<FromUserName><![CDATA[oOPENID]]></FromUserName>\n' +
        '<CreateTime>1700000000</CreateTime>\n' +
        '<MsgType><![CDATA[event]]></MsgType>\n' +
        '<Event><![CDATA[subscribe]]></Event>\n' +
        '<EventKey><![CDATA[qrscene_123]]></EventKey>\n' +
        '<Ticket><![CDATA[gQH+/TICKET==]]></Ticket>\n' +
        '</xml>',
    );
  });

  it('is exactly what WeChat pushes for SCAN: the bare scene', () => {
    expect(scanEventXml(record('spring-fair', 'QR_STR_SCENE'), 'SCAN', who)).toBe(
      '<xml><ToUserName><![CDATA[gh_account]]></ToUserName>\n' +
        '<FromUserName><![CDATA[oOPENID]]></FromUserName>\n' +
        '<CreateTime>1700000000</CreateTime>\n' +
        '<MsgType><![CDATA[event]]></MsgType>\n' +
        '<Event><![CDATA[SCAN]]></Event>\n' +
        '<EventKey><![CDATA[spring-fair]]></EventKey>\n' +
        '<Ticket><![CDATA[gQH+/TICKET==]]></Ticket>\n' +
        '</xml>',
    );
  });

  it('parses back to the same fields', () => {
    const fields = parseWeChatXml(scanEventXml(record('123'), 'subscribe', { ...who, fromUserName: TEST_OPENID }));
    expect(fields).toEqual({
      ToUserName: 'gh_account',
      FromUserName: TEST_OPENID,
      CreateTime: '1700000000',
      MsgType: 'event',
      Event: 'subscribe',
      EventKey: 'qrscene_123',
      Ticket: 'gQH+/TICKET==',
    });
  });

  it('keeps a scene_str holding ]]>, markup and entities valid XML that round-trips', () => {
    for (const scene of ['a]]>b', ']]>', 'x]]>]]>y', ']]]>', '<b>&amp;</b>', '渠道]]>一']) {
      const xml = scanEventXml(record(scene, 'QR_LIMIT_STR_SCENE'), 'SCAN', who);
      expect(parseWeChatXml(xml).EventKey).toBe(scene);
      const subscribe = scanEventXml(record(scene, 'QR_LIMIT_STR_SCENE'), 'subscribe', who);
      expect(parseEventKey(parseWeChatXml(subscribe).EventKey, 'subscribe')).toEqual({ scene, viaSubscribe: true });
    }
    expect(cdata('a]]>b')).toBe('<![CDATA[a]]]]><![CDATA[>b]]>');
  });

  it('the strict reader does reject the unsplit form, so the test above has teeth', () => {
    expect(() => parseWeChatXml('<xml><EventKey><![CDATA[a]]>b]]></EventKey></xml>')).toThrow(/]]>/);
    expect(() => parseWeChatXml('<xml><EventKey><![CDATA[a</EventKey></xml>')).toThrow(/CDATA/);
    expect(() => parseWeChatXml('<xml><A>x</B></xml>')).toThrow();
  });

  it('replaces characters XML cannot carry instead of producing a broken document', () => {
    const xml = scanEventXml(record('a\u0001b'), 'SCAN', who);
    expect(parseWeChatXml(xml).EventKey).toBe('a\uFFFDb');
  });
});

describe('wechatSignature', () => {
  it('matches sha1 of the sorted, joined values (node:crypto)', async () => {
    const [token, timestamp, nonce] = ['testtoken', '1700000000', '123456'];
    const expected = createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
    // Sorted: '123456' < '1700000000' < 'testtoken'.
    expect(createHash('sha1').update('1234561700000000testtoken').digest('hex')).toBe(expected);
    expect(await wechatSignature(token, timestamp, nonce)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{40}$/);
  });

  it('depends on the order only through sorting', async () => {
    const a = await wechatSignature('zzz', '1700000000', '42');
    expect(await wechatSignature('zzz', '1700000000', '43')).not.toBe(a);
    expect(a).toBe(createHash('sha1').update('170000000042zzz').digest('hex'));
  });
});

describe('URL builders', () => {
  const push = { signature: 'abc', timestamp: '1700000000', nonce: '123', openid: TEST_OPENID };

  it('appends the push query in WeChat order', () => {
    expect(testPushUrl('https://example.com/wechat', push)).toBe(
      `https://example.com/wechat?signature=abc&timestamp=1700000000&nonce=123&openid=${TEST_OPENID}`,
    );
  });

  it("keeps the server URL's own query as written and drops the fragment", () => {
    expect(testPushUrl('https://example.com/wx?app=1&x=a%20b#frag', push)).toBe(
      `https://example.com/wx?app=1&x=a%20b&signature=abc&timestamp=1700000000&nonce=123&openid=${TEST_OPENID}`,
    );
    expect(testPushUrl('http://127.0.0.1:8080/wechat?', push)).toBe(
      `http://127.0.0.1:8080/wechat?signature=abc&timestamp=1700000000&nonce=123&openid=${TEST_OPENID}`,
    );
    expect(testPushUrl('http://h/w?a=1&', push)).toBe(`http://h/w?a=1&signature=abc&timestamp=1700000000&nonce=123&openid=${TEST_OPENID}`);
  });

  it('encodes the values', () => {
    const url = verificationUrl('http://h/w?k=v', { signature: 's', timestamp: '1', nonce: '2', echostr: 'a b&c=d/é' });
    expect(url).toBe('http://h/w?k=v&signature=s&timestamp=1&nonce=2&echostr=a+b%26c%3Dd%2F%C3%A9');
    expect(new URL(url).searchParams.get('echostr')).toBe('a b&c=d/é');
    expect(new URL(url).searchParams.get('k')).toBe('v');
  });

  it('refuses what is not an http(s) URL', () => {
    expect(() => testPushUrl('ftp://h/w', push)).toThrow(TypeError);
    expect(() => testPushUrl('not a url', push)).toThrow(TypeError);
  });
});

describe('parseEventKey', () => {
  it('strips qrscene_ from a subscribe key', () => {
    expect(parseEventKey('qrscene_123')).toEqual({ scene: '123', viaSubscribe: true });
    expect(parseEventKey('qrscene_123', 'subscribe')).toEqual({ scene: '123', viaSubscribe: true });
  });

  it('takes a SCAN key as the bare scene', () => {
    expect(parseEventKey('123')).toEqual({ scene: '123', viaSubscribe: false });
    expect(parseEventKey('123', 'SCAN')).toEqual({ scene: '123', viaSubscribe: false });
  });

  it('keeps a SCAN scene_str that itself starts with qrscene_ when the event is given', () => {
    expect(parseEventKey('qrscene_x', 'SCAN')).toEqual({ scene: 'qrscene_x', viaSubscribe: false });
    // Only the first prefix goes.
    expect(parseEventKey('qrscene_qrscene_x', 'subscribe')).toEqual({ scene: 'qrscene_x', viaSubscribe: true });
  });

  it('has no scene for a follow that did not come from a code', () => {
    expect(parseEventKey('')).toBeNull();
    expect(parseEventKey(undefined)).toBeNull();
    expect(parseEventKey('qrscene_')).toBeNull();
    expect(parseEventKey('scanbarcode|x|y', 'subscribe')).toBeNull();
  });
});

describe('test values and notes', () => {
  it('nonces and echostrs are digits like WeChat’s', () => {
    for (let n = 0; n < 50; n++) {
      expect(randomNonce()).toMatch(/^[1-9]\d{9}$/);
      expect(randomEchostr()).toMatch(/^[1-9]\d{18}$/);
    }
    expect(new Set(Array.from({ length: 20 }, randomNonce)).size).toBeGreaterThan(1);
  });

  it('the test openid looks like an openid and says it is a test', () => {
    expect(TEST_OPENID).toHaveLength(28);
    expect(TEST_OPENID).toMatch(/^o[\w-]+$/);
    expect(TEST_OPENID).toContain('test');
  });

  it('safe mode is not simulated', () => {
    expect(SAFE_MODE_SIMULATED).toBe(false);
  });

  it('has a note for each SDK', () => {
    expect(SDK_NOTES.map((note) => note.id)).toEqual(['wechatpy', 'easywechat', 'wxjava', 'co-wechat']);
    for (const note of SDK_NOTES) {
      expect(note.snippet).toContain(note.id === 'wechatpy' ? 'scene_id' : 'qrscene_');
      expect(note.howToRead.en && note.howToRead.zh).toBeTruthy();
    }
    expect(SDK_NOTES.find((note) => note.id === 'wxjava')!.snippet).toContain('getEventKey()');
    expect(SDK_NOTES.find((note) => note.id === 'co-wechat')!.snippet).toContain('message.EventKey');
  });
});
