import { describe, expect, it } from 'vitest';
import { validateImportRecords } from './import';
import { parseHistoryJson, recordsToJson } from './json';
import type { QrCodeRecord } from '@/utils/codes/record';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0, 0);

const TEMPORARY: QrCodeRecord = {
  id: 'r1',
  appId: 'wx0123456789abcdef',
  actionName: 'QR_SCENE',
  scene: '4294967295',
  label: '=危险"标签",\r\n',
  ticket: '+ticket==',
  url: 'http://weixin.qq.com/q/abc',
  expireSeconds: 60,
  createdAt: NOW - 1,
  expiresAt: NOW - 1 + 60_000,
  note: "'@note",
  sourceUrl: 'https://example.com/?a=1&b=2',
  renewedFromId: 'r0',
};

const PERMANENT: QrCodeRecord = {
  id: 'r2',
  appId: 'wx0123456789abcdef',
  actionName: 'QR_LIMIT_STR_SCENE',
  scene: '门店-上海-001',
  label: '',
  ticket: 't2',
  url: 'http://weixin.qq.com/q/def',
  expireSeconds: null,
  createdAt: NOW,
  expiresAt: null,
};

describe('recordsToJson', () => {
  it('writes the envelope: format, version 1, exportedAt as ISO 8601 UTC, then the records', () => {
    const file = JSON.parse(recordsToJson([TEMPORARY, PERMANENT], NOW));
    expect(Object.keys(file)).toEqual(['format', 'version', 'exportedAt', 'records']);
    expect(file).toStrictEqual({ format: 'scene-qr-history', version: 1, exportedAt: '2025-06-01T12:00:00.000Z', records: [TEMPORARY, PERMANENT] });
  });

  it('puts one record on each line', () => {
    const lines = recordsToJson([TEMPORARY, PERMANENT], NOW).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[1]!.replace(/,$/, ''))).toStrictEqual(TEMPORARY);
  });

  it('writes an empty history as an empty array', () => {
    expect(JSON.parse(recordsToJson([], NOW)).records).toEqual([]);
  });

  it('copies only the record fields, so a stray property (a token, say) never leaves', () => {
    const json = recordsToJson([{ ...PERMANENT, accessToken: 'leak' } as QrCodeRecord], NOW);
    expect(json).not.toContain('leak');
    expect(json).not.toContain('accessToken');
  });
});

describe('parseHistoryJson', () => {
  it('reads back what recordsToJson wrote, losslessly once validated', () => {
    const parsed = parseHistoryJson(recordsToJson([TEMPORARY, PERMANENT], NOW));
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && validateImportRecords(parsed.records)).toStrictEqual({ ok: true, records: [TEMPORARY, PERMANENT] });
  });

  it('accepts a leading BOM', () => {
    expect(parseHistoryJson(`\uFEFF${recordsToJson([PERMANENT], NOW)}`)).toEqual({ ok: true, records: [PERMANENT] });
  });

  it.each([
    ['', 'not_json'],
    ['{"format":"scene-qr-history"', 'not_json'],
    ['id,appId\r\n', 'not_json'],
    ['null', 'not_history_file'],
    ['[]', 'not_history_file'],
    ['"scene-qr-history"', 'not_history_file'],
    ['{"version":1,"records":[]}', 'not_history_file'],
    ['{"format":"other-app","version":1,"records":[]}', 'not_history_file'],
    ['{"format":"scene-qr-history","records":[]}', 'unknown_version'],
    ['{"format":"scene-qr-history","version":2,"records":[]}', 'unknown_version'],
    ['{"format":"scene-qr-history","version":"1","records":[]}', 'unknown_version'],
    ['{"format":"scene-qr-history","version":1}', 'records_not_array'],
    ['{"format":"scene-qr-history","version":1,"records":{}}', 'records_not_array'],
    ['{"format":"scene-qr-history","version":1,"records":"[]"}', 'records_not_array'],
  ])('refuses %j as %s', (text, reason) => {
    expect(parseHistoryJson(text)).toMatchObject({ ok: false, error: { code: 'import_bad_format', reason } });
  });

  it('names the version it does not know', () => {
    expect(parseHistoryJson('{"format":"scene-qr-history","version":2,"records":[]}')).toEqual({
      ok: false,
      error: { code: 'import_bad_format', reason: 'unknown_version', params: ['2'] },
    });
  });
});
