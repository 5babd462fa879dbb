import { describe, expect, it } from 'vitest';
import { type AppError, AppFailure } from '@/utils/messaging/app-error';
import { type QrRequestInput, buildQrCreateBody, validateExpireSeconds, validateSceneId, validateSceneStr } from './qr-request';

/** The AppError a call throws; fails the test if it does not throw an AppFailure. */
function thrownError(call: () => unknown): AppError {
  try {
    call();
  } catch (thrown) {
    expect(thrown).toBeInstanceOf(AppFailure);
    return (thrown as AppFailure).error;
  }
  throw new Error('expected an AppFailure, but the call returned');
}

const CHINESE = '二维码场景值测试中文字符串的长度限制检查用例'; // 22 characters, 3 UTF-8 bytes each

describe('validateSceneId: permanent codes accept 1 … 100000', () => {
  it('rejects 0 as out of range, naming the limits 1 and 100000', () => {
    expect(thrownError(() => validateSceneId('0', 'QR_LIMIT_SCENE'))).toEqual({
      code: 'scene_id_range',
      field: 'sceneId',
      params: ['1', '100000'],
    });
  });

  it('accepts the lower edge 1', () => {
    expect(validateSceneId('1', 'QR_LIMIT_SCENE')).toBe(1);
  });

  it('accepts 100000 itself (EasyWeChat\'s "< 100000" is an off-by-one)', () => {
    expect(validateSceneId('100000', 'QR_LIMIT_SCENE')).toBe(100000);
  });

  it('rejects 100001 as out of range, naming the permanent maximum 100000', () => {
    expect(thrownError(() => validateSceneId('100001', 'QR_LIMIT_SCENE'))).toEqual({
      code: 'scene_id_range',
      field: 'sceneId',
      params: ['1', '100000'],
    });
  });
});

describe('validateSceneId: temporary codes accept 1 … 4294967295', () => {
  it('rejects 0 as out of range, naming the limits 1 and 4294967295', () => {
    expect(thrownError(() => validateSceneId('0', 'QR_SCENE'))).toEqual({
      code: 'scene_id_range',
      field: 'sceneId',
      params: ['1', '4294967295'],
    });
  });

  it('accepts 100001, which only permanent codes refuse', () => {
    expect(validateSceneId('100001', 'QR_SCENE')).toBe(100001);
  });

  it('accepts the 32-bit maximum 4294967295', () => {
    expect(validateSceneId('4294967295', 'QR_SCENE')).toBe(4294967295);
  });

  it('rejects 4294967296 (2^32) as out of range, naming 4294967295', () => {
    expect(thrownError(() => validateSceneId('4294967296', 'QR_SCENE'))).toEqual({
      code: 'scene_id_range',
      field: 'sceneId',
      params: ['1', '4294967295'],
    });
  });
});

describe('validateSceneId: only plain digits are scene ids', () => {
  it.each(['1e3', '12.0', ' ', '', '-5', '+5', '0x10', '１２', '12a'])('rejects %j as not an integer, with field sceneId and the range in params', (value) => {
    expect(thrownError(() => validateSceneId(value, 'QR_SCENE'))).toEqual({
      code: 'scene_id_not_integer',
      field: 'sceneId',
      params: ['1', '4294967295'],
    });
  });

  it('names the permanent range when a permanent scene id is not an integer', () => {
    expect(thrownError(() => validateSceneId('1e3', 'QR_LIMIT_SCENE')).params).toEqual(['1', '100000']);
  });

  it('does not read "1e3" as 1000 even though Number("1e3") is 1000', () => {
    expect(() => validateSceneId('1e3', 'QR_LIMIT_SCENE')).toThrow(AppFailure);
  });
});

describe('validateSceneStr: 1 … 64 UTF-8 bytes', () => {
  it('rejects the empty string with scene_str_empty on field sceneStr', () => {
    expect(thrownError(() => validateSceneStr(''))).toMatchObject({ code: 'scene_str_empty', field: 'sceneStr' });
  });

  it('accepts exactly 64 ASCII bytes', () => {
    const value = 'a'.repeat(64);
    expect(validateSceneStr(value)).toBe(value);
  });

  it('rejects 65 ASCII bytes, naming the byte count 65 and the limit 64', () => {
    expect(thrownError(() => validateSceneStr('a'.repeat(65)))).toEqual({
      code: 'scene_str_too_long',
      field: 'sceneStr',
      params: ['65', '64'],
    });
  });

  it('accepts 21 Chinese characters (63 bytes)', () => {
    const value = CHINESE.slice(0, 21);
    expect(value).toHaveLength(21);
    expect(validateSceneStr(value)).toBe(value);
  });

  it('rejects 22 Chinese characters although only 22 characters long: the error counts 66 bytes', () => {
    expect(CHINESE).toHaveLength(22);
    expect(thrownError(() => validateSceneStr(CHINESE))).toEqual({
      code: 'scene_str_too_long',
      field: 'sceneStr',
      params: ['66', '64'],
    });
  });

  it('counts an emoji as its 4 UTF-8 bytes, not as 2 UTF-16 units', () => {
    // 60 ASCII + 1 emoji = 64 bytes (ok); one more ASCII byte makes 65.
    expect(validateSceneStr('a'.repeat(60) + '😀')).toHaveLength(62);
    expect(thrownError(() => validateSceneStr('a'.repeat(61) + '😀')).params).toEqual(['65', '64']);
  });
});

describe('validateExpireSeconds: 60 … 2592000 seconds', () => {
  it('rejects 59, naming the range 60 … 2592000', () => {
    expect(thrownError(() => validateExpireSeconds('59'))).toEqual({
      code: 'expire_range',
      field: 'expireSeconds',
      params: ['60', '2592000'],
    });
  });

  it('accepts the minimum 60', () => {
    expect(validateExpireSeconds('60')).toBe(60);
  });

  it('accepts the 30-day maximum 2592000', () => {
    expect(validateExpireSeconds(2592000)).toBe(2592000);
  });

  it('rejects 2592001, naming the range 60 … 2592000', () => {
    expect(thrownError(() => validateExpireSeconds('2592001'))).toEqual({
      code: 'expire_range',
      field: 'expireSeconds',
      params: ['60', '2592000'],
    });
  });

  it.each([undefined, '', '1e3', '600.5', 600.5, '-60'])('rejects %j as not a whole number of seconds', (value) => {
    expect(thrownError(() => validateExpireSeconds(value))).toEqual({
      code: 'expire_not_integer',
      field: 'expireSeconds',
      params: ['60', '2592000'],
    });
  });
});

describe('buildQrCreateBody: the exact body for each action name', () => {
  it('QR_SCENE: temporary number scene carries expire_seconds and scene_id as a number', () => {
    expect(buildQrCreateBody({ actionName: 'QR_SCENE', scene: '123', expireSeconds: '604800' })).toStrictEqual({
      expire_seconds: 604800,
      action_name: 'QR_SCENE',
      action_info: { scene: { scene_id: 123 } },
    });
  });

  it('QR_STR_SCENE: temporary string scene carries expire_seconds and scene_str unchanged', () => {
    expect(buildQrCreateBody({ actionName: 'QR_STR_SCENE', scene: 'store-42', expireSeconds: 86400 })).toStrictEqual({
      expire_seconds: 86400,
      action_name: 'QR_STR_SCENE',
      action_info: { scene: { scene_str: 'store-42' } },
    });
  });

  it('QR_LIMIT_SCENE: permanent number scene never carries expire_seconds, even when one is given', () => {
    const body = buildQrCreateBody({ actionName: 'QR_LIMIT_SCENE', scene: '100000', expireSeconds: '604800' });
    expect(body).toStrictEqual({ action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 100000 } } });
    expect(JSON.stringify(body)).not.toContain('expire_seconds');
  });

  it('QR_LIMIT_STR_SCENE: permanent string scene never carries expire_seconds', () => {
    const body = buildQrCreateBody({ actionName: 'QR_LIMIT_STR_SCENE', scene: '门店', expireSeconds: 60 });
    expect(body).toStrictEqual({ action_name: 'QR_LIMIT_STR_SCENE', action_info: { scene: { scene_str: '门店' } } });
    expect(JSON.stringify(body)).not.toContain('expire_seconds');
  });

  it('a permanent request ignores an invalid expire value instead of failing on it', () => {
    expect(() => buildQrCreateBody({ actionName: 'QR_LIMIT_SCENE', scene: '7', expireSeconds: 'abc' })).not.toThrow();
  });

  it('a temporary request without expireSeconds is refused (WeChat would default to 30-60 s)', () => {
    expect(thrownError(() => buildQrCreateBody({ actionName: 'QR_SCENE', scene: '1' }))).toMatchObject({
      code: 'expire_not_integer',
      field: 'expireSeconds',
    });
  });

  it('sends exactly one of scene_id / scene_str, matching the action name', () => {
    const numeric = buildQrCreateBody({ actionName: 'QR_SCENE', scene: '42', expireSeconds: 60 });
    const text = buildQrCreateBody({ actionName: 'QR_STR_SCENE', scene: '42', expireSeconds: 60 });
    expect(Object.keys(numeric.action_info.scene)).toEqual(['scene_id']);
    expect(Object.keys(text.action_info.scene)).toEqual(['scene_str']);
    expect(text.action_info.scene).toEqual({ scene_str: '42' });
  });

  it('uses the permanent range for QR_LIMIT_SCENE: 100001 fails with params naming 100000', () => {
    expect(thrownError(() => buildQrCreateBody({ actionName: 'QR_LIMIT_SCENE', scene: '100001' }))).toEqual({
      code: 'scene_id_range',
      field: 'sceneId',
      params: ['1', '100000'],
    });
  });

  it('validates the scene of QR_LIMIT_STR_SCENE: 65 bytes fail with field sceneStr', () => {
    expect(thrownError(() => buildQrCreateBody({ actionName: 'QR_LIMIT_STR_SCENE', scene: 'x'.repeat(65) }))).toMatchObject({
      code: 'scene_str_too_long',
      field: 'sceneStr',
      params: ['65', '64'],
    });
  });

  it.each(['', 'qr_scene', 'QR_SCENE ', 'toString'])('rejects action name %j with field actionName', (actionName) => {
    const input: QrRequestInput = { actionName, scene: '1', expireSeconds: 60 };
    expect(thrownError(() => buildQrCreateBody(input))).toMatchObject({ code: 'action_name_invalid', field: 'actionName' });
  });
});
