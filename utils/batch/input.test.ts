import { describe, expect, it } from 'vitest';
import { MAX_BATCH_ROWS, type BatchRow, parseCsvFile, parsePastedLines, patternRows } from './input';

const utf8 = (text: string) => new TextEncoder().encode(text);
const scenes = (rows: BatchRow[]) => rows.map((row) => row.scene);

function rowsOf(result: { ok: true; rows: BatchRow[] } | { ok: false }): BatchRow[] {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result)}`);
  return result.rows;
}

describe('patternRows', () => {
  it('pads the number and keeps prefix and suffix', () => {
    const rows = rowsOf(patternRows({ prefix: 'store-', from: 1, to: 200, pad: 3 }));
    expect(rows).toHaveLength(200);
    expect(rows[0]).toEqual({ scene: 'store-001', label: '', row: 1 });
    expect(rows[199]).toEqual({ scene: 'store-200', label: '', row: 200 });
    expect(scenes(rowsOf(patternRows({ prefix: 'a', from: 9, to: 11, pad: 2, suffix: '-x' })))).toEqual(['a09-x', 'a10-x', 'a11-x']);
  });

  it('gives plain numbers for scene_id ranges, and never cuts a number wider than the padding', () => {
    expect(scenes(rowsOf(patternRows({ prefix: '', from: 98, to: 101, pad: 0 })))).toEqual(['98', '99', '100', '101']);
    expect(scenes(rowsOf(patternRows({ prefix: 's', from: 1000, to: 1000, pad: 2 })))).toEqual(['s1000']);
  });

  it('allows a single code (from = to)', () => {
    expect(scenes(rowsOf(patternRows({ prefix: '', from: 7, to: 7, pad: 0 })))).toEqual(['7']);
  });

  it('refuses from > to, non-integers, negatives and absurd padding', () => {
    expect(patternRows({ prefix: '', from: 5, to: 4, pad: 0 })).toEqual({
      ok: false,
      error: { code: 'batch_pattern_reversed', params: ['5', '4'] },
    });
    expect(patternRows({ prefix: '', from: 1.5, to: 4, pad: 0 })).toMatchObject({ error: { code: 'batch_pattern_not_integer', field: 'from' } });
    expect(patternRows({ prefix: '', from: 1, to: Number.NaN, pad: 0 })).toMatchObject({ error: { code: 'batch_pattern_not_integer', field: 'to' } });
    expect(patternRows({ prefix: '', from: 1, to: 4, pad: -1 })).toMatchObject({ error: { code: 'batch_pattern_not_integer', field: 'pad' } });
    expect(patternRows({ prefix: '', from: 1, to: 4, pad: 21 })).toMatchObject({ error: { code: 'batch_pattern_pad', params: ['21', '20'] } });
  });

  it('refuses more than MAX_BATCH_ROWS with the count, without building them', () => {
    expect(rowsOf(patternRows({ prefix: '', from: 1, to: MAX_BATCH_ROWS, pad: 0 }))).toHaveLength(MAX_BATCH_ROWS);
    expect(patternRows({ prefix: '', from: 1, to: 10_001, pad: 0 })).toEqual({
      ok: false,
      error: { code: 'batch_too_many_rows', params: ['10001', '10000'] },
    });
    expect(patternRows({ prefix: '', from: 0, to: 4_000_000_000, pad: 0 })).toMatchObject({ error: { params: ['4000000001', '10000'] } });
  });
});

describe('parsePastedLines', () => {
  it('reads scene[,label] with comma, tab or full-width comma, splitting at the first separator only', () => {
    const rows = rowsOf(parsePastedLines('a,Shop A\nb\tShop B\n门店1，北京，朝阳\nc, Shop 1, Beijing\nd'));
    expect(rows).toEqual([
      { scene: 'a', label: 'Shop A', row: 1 },
      { scene: 'b', label: 'Shop B', row: 2 },
      { scene: '门店1', label: '北京，朝阳', row: 3 },
      { scene: 'c', label: 'Shop 1, Beijing', row: 4 },
      { scene: 'd', label: '', row: 5 },
    ]);
  });

  it('trims, skips blank lines and keeps row numbers as the lines the operator sees (CRLF too)', () => {
    const rows = rowsOf(parsePastedLines('\r\n  a  ,  x  \r\n\r\n   \r\n\tb\r\n'));
    expect(rows).toEqual([
      { scene: 'a', label: 'x', row: 2 },
      { scene: 'b', label: '', row: 5 },
    ]);
  });

  it('keeps a row with an empty scene, so the preview can point at it', () => {
    expect(rowsOf(parsePastedLines(',only a label'))).toEqual([{ scene: '', label: 'only a label', row: 1 }]);
  });

  it('refuses empty text', () => {
    expect(parsePastedLines(' \n\n\t')).toEqual({ ok: false, error: { code: 'batch_empty' } });
  });

  it('refuses 10,001 rows with the count', () => {
    const lines = Array.from({ length: 10_001 }, (_, index) => `s${index}`);
    expect(rowsOf(parsePastedLines(lines.slice(0, 10_000).join('\n')))).toHaveLength(10_000);
    expect(parsePastedLines(lines.join('\n'))).toEqual({ ok: false, error: { code: 'batch_too_many_rows', params: ['10001', '10000'] } });
  });
});

describe('parseCsvFile', () => {
  it('without a header: column 1 is the scene, column 2 the label, further columns ignored', () => {
    const result = parseCsvFile(utf8('a,Shop A,extra\nb\n'));
    expect(result).toEqual({
      ok: true,
      encoding: 'utf-8',
      header: false,
      rows: [
        { scene: 'a', label: 'Shop A', row: 1 },
        { scene: 'b', label: '', row: 2 },
      ],
    });
  });

  it('strips a UTF-8 BOM and handles CRLF', () => {
    const result = parseCsvFile(utf8('\uFEFFscene,label\r\nstore-001,门店一\r\n'));
    expect(result).toMatchObject({ ok: true, header: true, encoding: 'utf-8', rows: [{ scene: 'store-001', label: '门店一', row: 2 }] });
  });

  it('handles quotes with commas, doubled quotes and embedded newlines; row numbers count records', () => {
    const rows = rowsOf(parseCsvFile(utf8('"a,b","Shop ""1""\nBeijing"\nc,"x, y"\n')));
    expect(rows).toEqual([
      { scene: 'a,b', label: 'Shop "1"\nBeijing', row: 1 },
      { scene: 'c', label: 'x, y', row: 2 },
    ]);
  });

  it('detects a Chinese header, in any column order, with other columns ignored', () => {
    const result = parseCsvFile(utf8('序号,备注,场景值\n1,一号店,s1\n2,,s2\n'));
    expect(result).toMatchObject({
      ok: true,
      header: true,
      rows: [
        { scene: 's1', label: '一号店', row: 2 },
        { scene: 's2', label: '', row: 3 },
      ],
    });
  });

  it('detects an English header without a label column (case-insensitive)', () => {
    expect(parseCsvFile(utf8('Scene\nx\ny'))).toMatchObject({
      header: true,
      rows: [
        { scene: 'x', label: '', row: 2 },
        { scene: 'y', label: '', row: 3 },
      ],
    });
  });

  it('reads a Scene QR history export by its column names', () => {
    const csv = 'id,appId,actionName,scene,label,note\n1,wx1,QR_STR_SCENE,shop-1,Shop one,\n';
    expect(rowsOf(parseCsvFile(utf8(csv)))).toEqual([{ scene: 'shop-1', label: 'Shop one', row: 2 }]);
  });

  it('reads tab-separated text', () => {
    expect(rowsOf(parseCsvFile(utf8('a\tx, y\nb\tz\n')))).toEqual([
      { scene: 'a', label: 'x, y', row: 1 },
      { scene: 'b', label: 'z', row: 2 },
    ]);
  });

  it('skips blank records but counts them in row numbers', () => {
    expect(rowsOf(parseCsvFile(utf8('a\n\n , \nb\n\n')))).toEqual([
      { scene: 'a', label: '', row: 1 },
      { scene: 'b', label: '', row: 4 },
    ]);
  });

  it('decodes a file Excel saved as GBK, and says so', () => {
    // "门店1,一\r\n" in GBK: 门 C3C5, 店 B5EA, 一 D2BB. Not valid UTF-8.
    const bytes = new Uint8Array([0xc3, 0xc5, 0xb5, 0xea, 0x31, 0x2c, 0xd2, 0xbb, 0x0d, 0x0a]);
    expect(parseCsvFile(bytes)).toEqual({ ok: true, encoding: 'gb18030', header: false, rows: [{ scene: '门店1', label: '一', row: 1 }] });
  });

  it('decodes a GBK header too', () => {
    // "场景值\r\nx" in GBK: 场 B3A1, 景 BEB0, 值 D6B5.
    const bytes = new Uint8Array([0xb3, 0xa1, 0xbe, 0xb0, 0xd6, 0xb5, 0x0d, 0x0a, 0x78]);
    expect(parseCsvFile(bytes)).toMatchObject({ ok: true, encoding: 'gb18030', header: true, rows: [{ scene: 'x', row: 2 }] });
  });

  it('decodes UTF-16LE with its BOM (Excel "Unicode text", tab-separated)', () => {
    const text = '\uFEFFscene\tlabel\r\n门店\t一\r\n';
    const bytes = new Uint8Array(text.length * 2);
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      bytes[index * 2] = code & 0xff;
      bytes[index * 2 + 1] = code >> 8;
    }
    expect(parseCsvFile(bytes)).toMatchObject({ ok: true, encoding: 'utf-16le', rows: [{ scene: '门店', label: '一', row: 2 }] });
  });

  it('refuses an Excel workbook, binary data, an empty file and a header alone', () => {
    expect(parseCsvFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toEqual({ ok: false, error: { code: 'batch_file_xlsx' } });
    expect(parseCsvFile(new Uint8Array([0x61, 0x00, 0x62, 0x0a]))).toEqual({ ok: false, error: { code: 'batch_file_not_text' } });
    expect(parseCsvFile(new Uint8Array([0xff, 0xff, 0xff]))).toEqual({ ok: false, error: { code: 'batch_file_not_text' } });
    expect(parseCsvFile(new Uint8Array())).toEqual({ ok: false, error: { code: 'batch_empty' } });
    expect(parseCsvFile(utf8('\uFEFFscene,label\r\n'))).toEqual({ ok: false, error: { code: 'batch_empty' } });
  });

  it('refuses unbalanced quotes with the record number', () => {
    expect(parseCsvFile(utf8('a\nb\n"c,d\n'))).toMatchObject({ ok: false, error: { code: 'batch_csv_syntax', params: ['3'] } });
  });

  it('refuses 10,001 data rows with the count (a header does not count)', () => {
    const lines = Array.from({ length: 10_001 }, (_, index) => `s${index}`);
    expect(rowsOf(parseCsvFile(utf8(['scene', ...lines.slice(1)].join('\n'))))).toHaveLength(10_000);
    expect(parseCsvFile(utf8(lines.join('\n')))).toEqual({ ok: false, error: { code: 'batch_too_many_rows', params: ['10001', '10000'] } });
  });

  it('refuses a file over the size limit before decoding it', () => {
    expect(parseCsvFile(new Uint8Array(5 * 1024 * 1024 + 1))).toMatchObject({ ok: false, error: { code: 'batch_file_too_large' } });
  });
});
