import { describe, expect, it } from 'vitest';
import type { AppError } from './app-error';
import { stopsEveryRow } from './stops-every-row';
import { transportError, wechatError } from '@/utils/wechat/errors';

describe('stopsEveryRow: the errors that pause a background job instead of failing its rows', () => {
  it.each([500, 502, 503, 504])('HTTP %i from WeChat or the relay pauses', (status) => {
    expect(stopsEveryRow({ code: 'http_status', status, params: [String(status)] })).toBe(true);
  });

  it.each([400, 404, 429])("HTTP %i stays the row's own failure", (status) => {
    expect(stopsEveryRow({ code: 'http_status', status, params: [String(status)] })).toBe(false);
  });

  it('an http_status without a status is not taken for a server error', () => {
    expect(stopsEveryRow({ code: 'http_status' })).toBe(false);
  });

  it.each<AppError>([
    { code: 'timeout', params: ['15'] },
    { code: 'network' },
    { code: 'secret_locked' },
    { code: 'token_server_permission_missing' },
    { code: 'api_base_permission_missing' },
    { code: 'token_pasted_missing' },
    { code: 'token_server_url_invalid' },
    { code: 'token_server_url_insecure' },
    { code: 'token_server_header_invalid' },
    { code: 'account_missing' },
    { code: 'credentials_missing' },
    wechatError(45009, 'reach max api daily quota limit'),
    wechatError(40164, 'invalid ip'),
  ])('$code pauses', (error) => {
    expect(stopsEveryRow(error)).toBe(true);
  });

  it.each<AppError>([wechatError(40053, 'invalid action info'), { code: 'bad_response' }, { code: 'scene_str_too_long' }, { code: 'internal', params: ['x'] }])(
    '$code fails the row alone',
    (error) => {
      expect(stopsEveryRow(error)).toBe(false);
    },
  );
});

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

  // A timeout pauses whoever timed out (the issue lists timeouts among what fails every row): a
  // WeChat that does not answer in 15 s is as unlikely to answer the next row.
  it('but not for one odd answer from WeChat itself, nor a scene WeChat rejects', () => {
    expect(stopsEveryRow(transportError({ kind: 'timeout', seconds: 15 }, { kind: 'wechat' }))).toBe(true);
    expect(stopsEveryRow(transportError({ kind: 'unreadable' }, { kind: 'wechat' }))).toBe(false);
    expect(stopsEveryRow(wechatError(40053, 'invalid action info'))).toBe(false);
  });
});
