import { describe, expect, it } from 'vitest';
import { RECORD_FIELDS, csvToRecords, escapeFormula, recordsToCsv, unescapeFormula } from './csv';
import { validateImportRecords } from './import';
import type { QrCodeRecord } from '@/utils/codes/record';

const CREATED = Date.UTC(2025, 0, 2, 3, 4, 5, 678); // 2025-01-02T03:04:05.678Z
const HEADER = 'id,appId,actionName,scene,label,note,ticket,url,expireSeconds,createdAt,expiresAt,sourceUrl,renewedFromId,batchId';

function temporary(overrides: Partial<QrCodeRecord> = {}): QrCodeRecord {
  return {
    id: 'r1',
    appId: 'wx0123456789abcdef',
    actionName: 'QR_STR_SCENE',
    scene: 'poster-1',
    label: '海报一号',
    ticket: 'gQH47joAAAAAAAAAASxodHRwOi8v+/==',
    url: 'http://weixin.qq.com/q/abc',
    expireSeconds: 604800,
    createdAt: CREATED,
    expiresAt: CREATED + 604800_000,
    ...overrides,
  };
}

function permanent(overrides: Partial<QrCodeRecord> = {}): QrCodeRecord {
  return { ...temporary(), actionName: 'QR_LIMIT_SCENE', scene: '42', expireSeconds: null, expiresAt: null, ...overrides };
}

/** The data lines of an export (without BOM, header and the final empty line). */
function dataLines(csv: string): string[] {
  return csv.split('\r\n').slice(1, -1);
}

function roundTrip(records: QrCodeRecord[]): QrCodeRecord[] {
  const parsed = csvToRecords(recordsToCsv(records));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const validated = validateImportRecords(parsed.records);
  if (!validated.ok) throw new Error(JSON.stringify(validated.error));
  return validated.records;
}

describe('recordsToCsv', () => {
  it('starts with a UTF-8 BOM and the documented header, and ends every line with CRLF', () => {
    const csv = recordsToCsv([temporary()]);
    expect(csv.startsWith(`\uFEFF${HEADER}\r\n`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(RECORD_FIELDS.join(',')).toBe(HEADER);
  });

  it('writes a temporary code with ISO 8601 UTC times and a permanent one with empty lifetime cells', () => {
    const csv = recordsToCsv([temporary({ note: '门店 A', sourceUrl: 'https://example.com/a', renewedFromId: 'r0' }), permanent()]);
    expect(dataLines(csv)).toEqual([
      'r1,wx0123456789abcdef,QR_STR_SCENE,poster-1,海报一号,门店 A,gQH47joAAAAAAAAAASxodHRwOi8v+/==,http://weixin.qq.com/q/abc,604800,' +
        '2025-01-02T03:04:05.678Z,2025-01-09T03:04:05.678Z,https://example.com/a,r0,',
      'r1,wx0123456789abcdef,QR_LIMIT_SCENE,42,海报一号,,gQH47joAAAAAAAAAASxodHRwOi8v+/==,http://weixin.qq.com/q/abc,,2025-01-02T03:04:05.678Z,,,,',
    ]);
  });

  it('quotes cells holding a comma, a quote or a line break, doubling the quotes (RFC 4180)', () => {
    const [line] = dataLines(recordsToCsv([temporary({ label: 'a,b', note: 'say "hi"', url: 'x\r\ny' })]));
    expect(line).toContain(',"a,b","say ""hi""",');
    expect(recordsToCsv([temporary({ url: 'x\r\ny' })])).toContain(',"x\r\ny",');
  });

  it.each([
    ['=1+2', `"'=1+2"`],
    ['+86 138', `"'+86 138"`],
    ['-5', `"'-5"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tcmd', `"'\tcmd"`],
    ['\rcmd', `"'\rcmd"`],
    ['=HYPERLINK("http://x","点")', `"'=HYPERLINK(""http://x"",""点"")"`],
    ["'=1", `"''=1"`],
    ["''-1", `"'''-1"`],
  ])('escapes the formula trigger in %j as the cell %j', (label, cell) => {
    const [line] = dataLines(recordsToCsv([temporary({ label })]));
    expect(line).toBe(
      `r1,wx0123456789abcdef,QR_STR_SCENE,poster-1,${cell},,gQH47joAAAAAAAAAASxodHRwOi8v+/==,` +
        'http://weixin.qq.com/q/abc,604800,2025-01-02T03:04:05.678Z,2025-01-09T03:04:05.678Z,,,',
    );
  });

  it.each([["'"], ["'abc"], ['a=1'], [' =1'], ['中文'], ['']])('leaves %j unescaped and unquoted', (label) => {
    const [line] = dataLines(recordsToCsv([temporary({ label })]));
    expect(line).toContain(`,poster-1,${label},,`);
  });

  it('escapes every column, not only the label: scene, note, ticket, url, id, sourceUrl', () => {
    const record = temporary({
      id: '-id',
      scene: '=scene',
      note: '@note',
      ticket: '+ticket',
      url: '-url',
      sourceUrl: '=src',
      renewedFromId: '@r',
      batchId: '=b',
    });
    const [line] = dataLines(recordsToCsv([record]));
    expect(line).toBe(
      `"'-id",wx0123456789abcdef,QR_STR_SCENE,"'=scene",海报一号,"'@note","'+ticket","'-url",604800,` +
        `2025-01-02T03:04:05.678Z,2025-01-09T03:04:05.678Z,"'=src","'@r","'=b"`,
    );
  });

  it('never writes a property that is not a record field', () => {
    const record = { ...temporary(), accessToken: 'leak' } as QrCodeRecord;
    expect(recordsToCsv([record])).not.toContain('leak');
  });
});

describe('formula escaping is lossless', () => {
  const values = ['', "'", "''", "'a", '=', "'=", "''=", "'''@x", '-1', "'-1", 'a', "a'=", '\t', "'\t", '\r\n', "'\r", '+', '@'];

  it.each(values)('unescapeFormula(escapeFormula(%j)) is the value itself', (value) => {
    expect(unescapeFormula(escapeFormula(value))).toBe(value);
  });

  it('maps distinct values to distinct cells', () => {
    expect(new Set(values.map(escapeFormula)).size).toBe(values.length);
  });
});

describe('csvToRecords', () => {
  it('reads back records with every awkward value: triggers, apostrophes, quotes, commas, CR, LF, Chinese', () => {
    const awkward = ['=1', "'=1", "''+", "'", '"q"', 'a,b', 'x\ry', 'x\ny', 'x\r\ny', '\r', '\n', '\t=', '二维码', ' pad '];
    const records = awkward.map((value, index) =>
      temporary({ id: `id${index}`, ticket: `${value}t${index}`, label: value, note: value || undefined, url: value, sourceUrl: `${value}s` }),
    );
    records.push(permanent({ id: 'p', ticket: 'p', label: '', scene: '100000' }));
    expect(roundTrip(records)).toStrictEqual(records);
  });

  it('reads a value starting with CR in the very first data cell', () => {
    const records = [temporary({ id: '\r\nfirst' })];
    expect(roundTrip(records)).toStrictEqual(records);
  });

  it('reads the columns in any order, the optional ones may be missing, LF line ends and no BOM', () => {
    const csv = [
      'ticket,id,appId,actionName,scene,label,url,expireSeconds,createdAt,expiresAt',
      't,r1,wx0123456789abcdef,QR_SCENE,7,,u,60,2025-01-02T03:04:05.678Z,2025-01-02T03:05:05.678Z',
    ].join('\n');
    expect(csvToRecords(csv)).toEqual({
      ok: true,
      records: [
        {
          ticket: 't',
          id: 'r1',
          appId: 'wx0123456789abcdef',
          actionName: 'QR_SCENE',
          scene: '7',
          label: '',
          url: 'u',
          expireSeconds: 60,
          createdAt: CREATED,
          expiresAt: CREATED + 60_000,
        },
      ],
    });
  });

  it('accepts a shorter ISO 8601 time with an offset', () => {
    const csv = `${HEADER}\r\nr1,wx0123456789abcdef,QR_LIMIT_SCENE,1,,,t,u,,2025-01-02T11:04+08:00,,,,`;
    const parsed = csvToRecords(csv);
    expect(parsed.ok && parsed.records[0]).toMatchObject({ createdAt: Date.UTC(2025, 0, 2, 3, 4) });
  });

  it('leaves a cell that is not a time or a number as text, for validation to refuse', () => {
    const csv = `${HEADER}\r\nr1,wx0123456789abcdef,QR_SCENE,1,,,t,u,7 days,2025/1/2,soon,,,`;
    const parsed = csvToRecords(csv);
    expect(parsed.ok && parsed.records[0]).toMatchObject({ expireSeconds: '7 days', createdAt: '2025/1/2', expiresAt: 'soon' });
  });

  it('keeps an unknown column so validation can refuse it', () => {
    const csv = `${HEADER},appSecret\r\nr1,wx0123456789abcdef,QR_LIMIT_SCENE,1,,,t,u,,2025-01-02T03:04:05.678Z,,,,,s3cret`;
    const parsed = csvToRecords(csv);
    expect(parsed.ok && parsed.records[0]).toMatchObject({ appSecret: 's3cret' });
  });

  it('reads an export from before the batchId column, the record without a batch', () => {
    const old = HEADER.replace(',batchId', '');
    const parsed = csvToRecords(`${old}\r\nr1,wx0123456789abcdef,QR_LIMIT_SCENE,1,,,t,u,,2025-01-02T03:04:05.678Z,,,`);
    expect(parsed.ok && parsed.records[0]).toMatchObject({ id: 'r1', scene: '1' });
    expect(parsed.ok && parsed.records[0]).not.toHaveProperty('batchId');
  });

  it('reads a header-only file as no records', () => {
    expect(csvToRecords(`\uFEFF${HEADER}\r\n`)).toEqual({ ok: true, records: [] });
  });

  it('refuses an empty file or one without the required columns, naming them', () => {
    expect(csvToRecords('')).toMatchObject({ ok: false, error: { code: 'import_bad_format', reason: 'csv_missing_columns' } });
    expect(csvToRecords('id,appId,label\r\n1,2,3')).toEqual({
      ok: false,
      error: {
        code: 'import_bad_format',
        reason: 'csv_missing_columns',
        params: ['actionName', 'scene', 'ticket', 'url', 'expireSeconds', 'createdAt', 'expiresAt'],
      },
    });
  });

  it('refuses a duplicated column', () => {
    expect(csvToRecords(`${HEADER},label\r\n`)).toEqual({
      ok: false,
      error: { code: 'import_bad_format', reason: 'csv_duplicate_column', field: 'label' },
    });
  });

  it('refuses a row with more or fewer cells than the header, naming the record', () => {
    const good = 'r1,wx0123456789abcdef,QR_LIMIT_SCENE,1,,,t,u,,2025-01-02T03:04:05.678Z,,,,';
    expect(csvToRecords(`${HEADER}\r\n${good}\r\n${good},extra\r\n`)).toEqual({
      ok: false,
      error: { code: 'import_bad_format', reason: 'csv_field_count', recordIndex: 2, params: ['15', '14'] },
    });
    expect(csvToRecords(`${HEADER}\r\nr1,wx`)).toMatchObject({ ok: false, error: { reason: 'csv_field_count', recordIndex: 1 } });
  });

  it('refuses unbalanced quotes', () => {
    const csv = `${HEADER}\r\nr1,wx0123456789abcdef,QR_LIMIT_SCENE,1,"open,,t,u,,2025-01-02T03:04:05.678Z,,,`;
    expect(csvToRecords(csv)).toMatchObject({ ok: false, error: { code: 'import_bad_format', reason: 'csv_syntax' } });
  });
});
