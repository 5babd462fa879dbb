import { describe, expect, it } from 'vitest';
import type { AppError } from './app-error';
import { stopsEveryRow } from './stops-every-row';
import { wechatError } from '@/utils/wechat/errors';

describe('stopsEveryRow: the errors that pause a background job instead of failing its rows', () => {
  it.each([500, 502, 503, 504])('HTTP %i from WeChat or the relay pauses', (status) => {
    expect(stopsEveryRow({ code: 'http_status', status, params: [String(status)] })).toBe(true);
  });

  it.each([400, 404, 429])('HTTP %i stays the row\'s own failure', (status) => {
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

  it.each<AppError>([
    wechatError(40053, 'invalid action info'),
    { code: 'bad_response' },
    { code: 'scene_str_too_long' },
    { code: 'internal', params: ['x'] },
  ])('$code fails the row alone', (error) => {
    expect(stopsEveryRow(error)).toBe(false);
  });
});
