import { describe, expect, it } from 'vitest';
import { batchCallsNeeded, refreshCallsNeeded, rowsThatFit, shortfalls } from './calls-needed';

describe('calls needed per cgi path', () => {
  it('a batch needs one qrcode/create a row; a refresh one list call per 10,000 and one batchget per 100', () => {
    expect(batchCallsNeeded(200)).toEqual({ '/cgi-bin/qrcode/create': 200 });
    expect(refreshCallsNeeded(1_000_000)).toEqual({ '/cgi-bin/user/get': 100, '/cgi-bin/user/info/batchget': 10_000 });
    expect(refreshCallsNeeded(0)).toEqual({ '/cgi-bin/user/get': 1, '/cgi-bin/user/info/batchget': 0 });
  });
  it('a batch of 200 with 150 left today falls short on qrcode/create, and 150 rows fit', () => {
    expect(shortfalls(batchCallsNeeded(200), { '/cgi-bin/qrcode/create': 150 })).toEqual([{ path: '/cgi-bin/qrcode/create', needed: 200, remain: 150 }]);
    expect(shortfalls(batchCallsNeeded(150), { '/cgi-bin/qrcode/create': 150 })).toEqual([]);
    expect(rowsThatFit(200, 150)).toBe(150);
    expect(rowsThatFit(200, 0)).toBe(0);
  });
});
