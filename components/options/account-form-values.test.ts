import { describe, expect, it } from 'vitest';
import type { PublicAccount } from '@/utils/messaging/messages';
import { initialValues, permissionOrigins, saveInput } from './account-form-values';

const STORED: PublicAccount = {
  id: 'a1',
  name: '门店号',
  appId: 'wx0123456789abcdef',
  tokenSource: 'server',
  hasSecret: true,
  tokenServerUrl: 'https://token.example.com:8443/token',
  tokenServerHeaderName: 'X-Key',
  hasTokenServerHeader: true,
  apiBase: 'https://relay.example.com/wx',
};

describe('the account form values', () => {
  it('start from the stored account with every secret field empty and a stored AppSecret not reopened', () => {
    expect(initialValues(STORED)).toEqual({
      name: '门店号',
      appId: 'wx0123456789abcdef',
      appSecret: '',
      replacing: false,
      tokenSource: 'server',
      serverUrl: 'https://token.example.com:8443/token',
      headerName: 'X-Key',
      headerValue: '',
      apiBase: 'https://relay.example.com/wx',
    });
    expect(initialValues()).toMatchObject({ tokenSource: 'stable', replacing: true, appId: '' });
  });

  it('send the AppSecret only when one was typed for a source that uses it, and the token server only for that source', () => {
    const typed = { ...initialValues(), appId: 'wx0123456789abcdef', appSecret: 'new-secret', serverUrl: 'https://token.example.com/t' };
    expect(saveInput(typed)).toEqual({
      id: undefined,
      name: '',
      appId: 'wx0123456789abcdef',
      appSecret: 'new-secret',
      tokenSource: 'stable',
      tokenServer: undefined,
      apiBase: '',
    });
    expect(saveInput({ ...typed, replacing: false }, 'a1')).toMatchObject({ id: 'a1', appSecret: undefined });
    expect(saveInput({ ...typed, tokenSource: 'server', headerName: 'X-Key', headerValue: 'v' })).toMatchObject({
      appSecret: undefined,
      tokenServer: { url: 'https://token.example.com/t', headerName: 'X-Key', headerValue: 'v' },
    });
    expect(saveInput({ ...typed, tokenSource: 'pasted' }).appSecret).toBeUndefined();
  });

  it("ask for exactly the token server's and the relay's origins, and none for an empty or unusable URL", () => {
    expect(permissionOrigins(initialValues(STORED))).toEqual(['https://token.example.com:8443/*', 'https://relay.example.com/*']);
    expect(permissionOrigins({ ...initialValues(STORED), tokenSource: 'stable' })).toEqual(['https://relay.example.com/*']);
    expect(permissionOrigins({ ...initialValues(STORED), serverUrl: 'not a url', apiBase: ' ' })).toEqual([]);
  });
});
