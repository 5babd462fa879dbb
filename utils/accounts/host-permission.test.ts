import { describe, expect, it } from 'vitest';
import { originPermissionPattern } from './host-permission';

describe('originPermissionPattern', () => {
  it('asks for exactly the origin: scheme, host and port, any path', () => {
    expect(originPermissionPattern('https://dev.example.com:8443/wechat?x=1')).toBe('https://dev.example.com:8443/*');
    expect(originPermissionPattern(' http://127.0.0.1:8080/token ')).toBe('http://127.0.0.1:8080/*');
    expect(originPermissionPattern('https://tokens.example.com/wx/token')).toBe('https://tokens.example.com/*');
    // The default port is not written: https://relay.example.com/* is that origin.
    expect(originPermissionPattern('https://relay.example.com:443/wx')).toBe('https://relay.example.com/*');
  });
});
