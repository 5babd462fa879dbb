import { describe, expect, it } from 'vitest';
import { type QrFormValues, qrFormErrors, toQrRequestInput } from './form';

const base: QrFormValues = { actionName: 'QR_STR_SCENE', sceneId: '', sceneStr: '', expireSeconds: '86400', label: '' };

describe('popup form values', () => {
  it('refuses a string scene made only of spaces as empty', () => {
    expect(qrFormErrors({ ...base, sceneStr: '   ' }).sceneStr?.code).toBe('scene_str_empty');
  });

  it('sends a pasted scene without the spaces around it', () => {
    expect(toQrRequestInput({ ...base, sceneStr: '  store-42 \t' }).scene).toBe('store-42');
    expect(toQrRequestInput({ ...base, actionName: 'QR_SCENE', sceneId: ' 42 ' }).scene).toBe('42');
  });

  it('counts the 64-byte limit on the trimmed value', () => {
    expect(qrFormErrors({ ...base, sceneStr: ` ${'a'.repeat(64)} ` })).toEqual({});
  });

  it('asks no lifetime of permanent codes and sends none', () => {
    const values: QrFormValues = { ...base, actionName: 'QR_LIMIT_STR_SCENE', sceneStr: 'x', expireSeconds: 'nonsense' };
    expect(qrFormErrors(values)).toEqual({});
    expect(toQrRequestInput(values).expireSeconds).toBeUndefined();
  });
});
