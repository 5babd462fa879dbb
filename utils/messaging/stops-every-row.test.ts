import { describe, expect, it } from 'vitest';
import { transportError, wechatError } from '@/utils/wechat/errors';
import { stopsEveryRow } from './stops-every-row';

const TOKEN_SERVER = { kind: 'token_server', origin: 'https://tokens.example.com' } as const;
const RELAY = { kind: 'relay', origin: 'https://wx-relay.example.com' } as const;
const FAULTS = [{ kind: 'timeout', seconds: 15 }, { kind: 'network' }, { kind: 'redirect' }, { kind: 'status', status: 502 }, { kind: 'unreadable' }] as const;

describe('stopsEveryRow: a job pauses instead of failing every remaining row', () => {
  it.each(FAULTS)('when the token server or the relay fails alike for every row ($kind)', (fault) => {
    expect(stopsEveryRow(transportError(fault, TOKEN_SERVER))).toBe(true);
    expect(stopsEveryRow(transportError(fault, RELAY))).toBe(true);
  });

  it('when the token server refuses the header (401)', () => {
    expect(stopsEveryRow(transportError({ kind: 'status', status: 401 }, TOKEN_SERVER))).toBe(true);
  });

  it("when WeChat refuses the token server's or the relay's IP, or the token server's setup", () => {
    for (const errcode of [40164, 61004, 89501, 89503, 40125]) expect(stopsEveryRow(wechatError(errcode, 'x', TOKEN_SERVER))).toBe(true);
    for (const errcode of [40164, 61004]) expect(stopsEveryRow(wechatError(errcode, 'x', RELAY))).toBe(true);
  });

  it("when WeChat refuses this computer's IP (61004) or it waits for the admin's confirmation (89501)", () => {
    expect(stopsEveryRow(wechatError(61004, 'x'))).toBe(true);
    expect(stopsEveryRow(wechatError(89501, 'x'))).toBe(true);
  });

  it('but not for one slow or odd answer from WeChat itself, nor a scene WeChat rejects', () => {
    expect(stopsEveryRow(transportError({ kind: 'timeout', seconds: 15 }, { kind: 'wechat' }))).toBe(false);
    expect(stopsEveryRow(transportError({ kind: 'unreadable' }, { kind: 'wechat' }))).toBe(false);
    expect(stopsEveryRow(wechatError(40053, 'invalid action info'))).toBe(false);
  });
});
