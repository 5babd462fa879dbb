import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetHistoryDatabase } from '@/test/unit/helpers';
import { recordsToCsv } from './csv';
import { historyDb } from '@/utils/storage/history-db';
import { MAX_IMPORT_BYTES, importFile, validateImportRecords } from './import';
import type { ImportResult } from './import-types';
import { mergeRecords } from './merge';
import { recordsToJson } from './json';
import type { QrCodeRecord } from '@/utils/codes/record';
import { ACTION_NAMES, LIMITS, utf8Length } from '@/utils/wechat/qr-request';

const NOW = Date.UTC(2025, 5, 1);
const LONG = 60_000;

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Formula triggers, apostrophes before them, CSV's own specials, Chinese, an emoji, a token-looking value.
// prettier-ignore
const AWKWARD = ['=', '+', '-', '@', '\t', '\r', "'", "'=", "''-", "'@", '"', '""', ',', '\n', '\r\n', ' ', '中文', '😀', '=HYPERLINK("http://x","点我")', 'access_token=x', ''];

function generateRecords(count: number, seed = 1): QrCodeRecord[] {
  const next = random(seed);
  const below = (n: number) => Math.floor(next() * n);
  const awkward = (base: string) => `${AWKWARD[below(AWKWARD.length)]}${base}${AWKWARD[below(AWKWARD.length)]}`;
  const maybe = (base: string) => (next() < 0.5 ? { present: awkward(base) } : undefined);
  return Array.from({ length: count }, (_, i) => {
    const actionName = ACTION_NAMES[i % 4]!;
    const permanent = actionName.startsWith('QR_LIMIT');
    const edge = i % 97 < 2; // the limits themselves, now and then
    let scene: string;
    if (actionName.endsWith('STR_SCENE')) {
      const chars = Array.from(awkward(`场景${i}`).repeat(1 + below(4)));
      while (utf8Length(chars.join('')) > LIMITS.sceneStrMaxBytes) chars.pop();
      scene = chars.join('');
    } else {
      const max = permanent ? LIMITS.permanentSceneIdMax : LIMITS.temporarySceneIdMax;
      scene = String(edge ? (i % 97 === 0 ? 1 : max) : 1 + below(max));
    }
    const expireSeconds = permanent ? null : edge ? (i % 97 === 0 ? LIMITS.expireMin : LIMITS.expireMax) : 60 + below(LIMITS.expireMax - 59);
    const createdAt = 1_500_000_000_000 + below(300_000_000_000);
    const record: QrCodeRecord = {
      id: i % 5 === 0 ? awkward(`id-${i}-`) : crypto.randomUUID(),
      appId: ['wx0123456789abcdef', 'wxfedcba9876543210'][i % 2]!,
      actionName,
      scene,
      label: next() < 0.1 ? '' : awkward(`标签 ${i} `),
      ticket: awkward(`gQH${i}-ticket+/==`),
      url: next() < 0.5 ? `http://weixin.qq.com/q/${i}` : awkward(`url${i}`),
      expireSeconds,
      createdAt,
      expiresAt: expireSeconds === null ? null : createdAt + expireSeconds * 1000,
    };
    const note = maybe(`备注,"引号"\r\n第二行 ${i}`);
    const sourceUrl = maybe(`https://example.com/?a=${i}&b=2`);
    const renewedFromId = maybe(`old-${i}`);
    if (note) record.note = note.present;
    if (sourceUrl) record.sourceUrl = sourceUrl.present;
    if (renewedFromId) record.renewedFromId = renewedFromId.present;
    return record;
  });
}

function byId(a: QrCodeRecord, b: QrCodeRecord): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

async function storedRecords(): Promise<QrCodeRecord[]> {
  return (await (await historyDb()).getAll('codes')).sort(byId);
}

async function storedCount(): Promise<number> {
  return (await historyDb()).count('codes');
}

function jsonFile(records: unknown[]): Blob {
  return new Blob([JSON.stringify({ format: 'scene-qr-history', version: 1, exportedAt: new Date(NOW).toISOString(), records })]);
}

afterEach(async () => {
  vi.restoreAllMocks();
  await resetHistoryDatabase();
});

const [TEMP_ID, TEMP_STR, PERM_ID, PERM_STR] = generateRecords(4, 7) as [QrCodeRecord, QrCodeRecord, QrCodeRecord, QrCodeRecord];
/** Already in history before each refused import: "nothing written" must mean exactly these stay. */
const SEEDED = generateRecords(3, 99);

async function seed(): Promise<void> {
  expect(await mergeRecords(SEEDED)).toEqual({ ok: true, added: 3, skipped: 0 });
}

/** Imports expecting a refusal; checks that history still holds exactly the seeded records. */
async function refusedImport(file: Blob, name: string): Promise<Exclude<ImportResult, { ok: true }>['error']> {
  await seed();
  const result = await importFile(file, name);
  expect(await storedRecords()).toStrictEqual([...SEEDED].sort(byId));
  if (result.ok) throw new Error(`expected the import to be refused, but it added ${result.added}`);
  return result.error;
}

describe('export → import round trip', () => {
  const records = generateRecords(10_000);

  it('covers what it claims: all four kinds, Chinese, every formula trigger, quotes, commas and line breaks', () => {
    expect(new Set(records.map((r) => r.actionName))).toEqual(new Set(ACTION_NAMES));
    const values = records.flatMap((r) => [r.label, r.ticket, r.scene, r.note ?? '']);
    for (const start of ['=', '+', '-', '@', '\t', '\r', "'=", "''-", '"', ',', '\n', '中文']) {
      expect(values.some((v) => v.startsWith(start))).toBe(true);
    }
    expect(values.some((v) => v.includes('\r\n') && v.includes('"') && v.includes(','))).toBe(true);
  });

  it.each([
    ['history.csv', () => recordsToCsv(records)],
    ['history.json', () => recordsToJson(records, NOW)],
  ])(
    'is lossless through %s for 10,000 generated records',
    async (name, write) => {
      expect(await importFile(new Blob([write()]), name)).toEqual({ ok: true, added: 10_000, skipped: 0 });
      expect(await storedRecords()).toStrictEqual([...records].sort(byId));
    },
    LONG,
  );

  it('takes the extension in any case: .CSV and .Json', async () => {
    expect(await importFile(new Blob([recordsToCsv([TEMP_ID])]), 'A.CSV')).toEqual({ ok: true, added: 1, skipped: 0 });
    expect(await importFile(new Blob([recordsToJson([TEMP_STR], NOW)]), 'b.Json')).toEqual({ ok: true, added: 1, skipped: 0 });
  });

  it('imports an empty "" note or source as absent, the way a CSV cell cannot tell them apart', async () => {
    expect(await importFile(jsonFile([{ ...PERM_ID, note: '', sourceUrl: '' }]), 'h.json')).toMatchObject({ ok: true, added: 1 });
    const [stored] = await storedRecords();
    expect(stored).not.toHaveProperty('note');
    expect(stored).not.toHaveProperty('sourceUrl');
  });
});

describe('merging into history', () => {
  it('skips records whose ticket history already has and adds the rest, counting both', async () => {
    const records = generateRecords(10, 3);
    expect(await mergeRecords(records.slice(0, 4))).toEqual({ ok: true, added: 4, skipped: 0 });
    expect(await importFile(new Blob([recordsToJson(records, NOW)]), 'h.json')).toEqual({ ok: true, added: 6, skipped: 4 });
    expect(await storedRecords()).toStrictEqual([...records].sort(byId));
  });

  it('keeps the stored record when the file has its ticket under another id and label', async () => {
    await mergeRecords([TEMP_ID]);
    const rival = { ...TEMP_ID, id: 'other-id', label: 'changed' };
    expect(await importFile(new Blob([recordsToCsv([rival, PERM_ID])]), 'h.csv')).toEqual({ ok: true, added: 1, skipped: 1 });
    expect(await storedRecords()).toStrictEqual([TEMP_ID, PERM_ID].sort(byId));
  });

  it('skips everything when the same file is imported twice', async () => {
    const file = new Blob([recordsToCsv(generateRecords(50, 5))]);
    expect(await importFile(file, 'h.csv')).toEqual({ ok: true, added: 50, skipped: 0 });
    expect(await importFile(file, 'h.csv')).toEqual({ ok: true, added: 0, skipped: 50 });
    expect(await storedCount()).toBe(50);
  });

  it('reports its progress after each lot of records written', async () => {
    const progress: [number, number][] = [];
    expect(await mergeRecords(generateRecords(2500, 21), (done, total) => progress.push([done, total]))).toEqual({ ok: true, added: 2500, skipped: 0 });
    expect(progress).toEqual([
      [1000, 2500],
      [2000, 2500],
      [2500, 2500],
    ]);
  });

  it('imports a file with no records as nothing added', async () => {
    expect(await importFile(new Blob([recordsToJson([], NOW)]), 'h.json')).toEqual({ ok: true, added: 0, skipped: 0 });
  });
});

describe('a failure in the middle of the write leaves history unchanged', () => {
  const records = generateRecords(1000, 11);

  it('refuses a record whose id history already uses for another code, naming it, and adds none', async () => {
    await seed();
    const clash = records.map((r, i) => (i === 499 ? { ...r, id: SEEDED[0]!.id } : r));
    expect(await importFile(jsonFile(clash), 'h.json')).toEqual({
      ok: false,
      error: { code: 'import_bad_record', recordIndex: 500, field: 'id', reason: 'id_taken' },
    });
    expect(await storedRecords()).toStrictEqual([...SEEDED].sort(byId));
  });

  it('reports a full disk (QuotaExceededError aborting the transaction) as storage', async () => {
    await seed();
    const add = IDBObjectStore.prototype.add;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<typeof add>) {
      const request = add.apply(this, args);
      // After 500 records are written, abort the way a browser does when the quota runs out
      // (fake-indexeddb's internal _abort sets transaction.error, as Chrome does).
      if (++calls === 500) {
        request.addEventListener('success', () => (this.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError'));
      }
      return request;
    });
    expect(await importFile(jsonFile(records), 'h.json')).toEqual({ ok: false, error: { code: 'storage' } });
    expect(calls).toBe(1000);
    expect(await storedRecords()).toStrictEqual([...SEEDED].sort(byId));
  });

  it('reports any other failure as internal', async () => {
    await seed();
    const add = IDBObjectStore.prototype.add;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<typeof add>) {
      if (++calls === 700) throw new Error('disk on fire');
      return add.apply(this, args);
    });
    expect(await importFile(new Blob([recordsToCsv(records)]), 'h.csv')).toEqual({ ok: false, error: { code: 'internal', params: ['disk on fire'] } });
    expect(await storedRecords()).toStrictEqual([...SEEDED].sort(byId));
  });
});

describe('malformed files are refused and nothing is written', () => {
  it('refuses a file over 50 MB before reading it', async () => {
    const read = vi.fn(() => Promise.reject(new Error('must not be read')));
    const huge = { size: MAX_IMPORT_BYTES + 1, arrayBuffer: read, text: read, stream: read, slice: read } as unknown as Blob;
    expect(await refusedImport(huge, 'h.json')).toEqual({ code: 'import_too_large', params: ['50'] });
    expect(read).not.toHaveBeenCalled();
  });

  it('reads a file of exactly 50 MB', async () => {
    const bytes = new TextEncoder().encode(recordsToJson([TEMP_ID], NOW));
    const file = { size: MAX_IMPORT_BYTES, arrayBuffer: async () => bytes.buffer } as unknown as Blob;
    expect(await importFile(file, 'h.json')).toEqual({ ok: true, added: 1, skipped: 0 });
  });

  it.each([
    ['h.txt', 'unknown_file_type'],
    ['h.json.txt', 'unknown_file_type'],
    ['h', 'unknown_file_type'],
  ])('refuses the file name %j as %s', async (name, reason) => {
    expect(await refusedImport(new Blob([recordsToJson([TEMP_ID], NOW)]), name)).toEqual({ code: 'import_bad_format', reason });
  });

  it('refuses a CSV saved as GBK (not UTF-8) instead of importing mojibake', async () => {
    const gbk = new Uint8Array([...new TextEncoder().encode(recordsToCsv([]).slice(1)), 0xd6, 0xd0, 0xce, 0xc4]);
    expect(await refusedImport(new Blob([gbk]), 'h.csv')).toEqual({ code: 'import_bad_format', reason: 'not_utf8' });
  });

  it.each([
    ['not JSON', 'scene,label', 'not_json'],
    ['a CSV named .json', recordsToCsv([TEMP_ID]), 'not_json'],
    ['a wrong format name', JSON.stringify({ format: 'other', version: 1, records: [] }), 'not_history_file'],
    ['an unknown version', JSON.stringify({ format: 'scene-qr-history', version: 2, records: [] }), 'unknown_version'],
    ['records that are not an array', JSON.stringify({ format: 'scene-qr-history', version: 1, records: { 0: TEMP_ID } }), 'records_not_array'],
  ])('refuses %s', async (_, text, reason) => {
    expect(await refusedImport(new Blob([text]), 'h.json')).toMatchObject({ code: 'import_bad_format', reason });
  });

  it('refuses a CSV without the required columns', async () => {
    expect(await refusedImport(new Blob([JSON.stringify([TEMP_ID])]), 'h.csv')).toMatchObject({
      code: 'import_bad_format',
      reason: 'csv_missing_columns',
    });
    expect(await importFile(new Blob(['id,appId,actionName,scene\r\n1,2,3,4\r\n']), 'h.csv')).toEqual({
      ok: false,
      error: {
        code: 'import_bad_format',
        reason: 'csv_missing_columns',
        params: ['label', 'ticket', 'url', 'expireSeconds', 'createdAt', 'expiresAt'],
      },
    });
  });

  it('refuses a CSV with a broken row, naming the record', async () => {
    const csv = `${recordsToCsv([TEMP_ID, TEMP_STR])}broken,row\r\n`;
    expect(await refusedImport(new Blob([csv]), 'h.csv')).toEqual({
      code: 'import_bad_format',
      reason: 'csv_field_count',
      recordIndex: 3,
      params: ['2', '14'],
    });
  });

  it('refuses a CSV with an unclosed quote', async () => {
    const csv = `${recordsToCsv([PERM_ID])}x,"open\r\n`;
    expect(await refusedImport(new Blob([csv]), 'h.csv')).toMatchObject({ code: 'import_bad_format', reason: 'csv_syntax' });
  });
});

/** A bad record as record 2 of 3 (with the valid records around it), and the refusal expected. */
type Case = [string, Record<string, unknown>, Record<string, unknown>];

function without(record: QrCodeRecord, field: keyof QrCodeRecord): Record<string, unknown> {
  const { [field]: _, ...rest } = record;
  return rest;
}

const LIFETIME = ['60', '2592000'];

const BAD_RECORDS: Case[] = [
  ['id missing', without(TEMP_ID, 'id'), { field: 'id', reason: 'missing' }],
  ['id a number', { ...TEMP_ID, id: 5 }, { field: 'id', reason: 'not_string' }],
  ['id empty', { ...TEMP_ID, id: '' }, { field: 'id', reason: 'empty' }],
  ['appId null', { ...TEMP_ID, appId: null }, { field: 'appId', reason: 'not_string' }],
  ['appId empty', { ...TEMP_ID, appId: '' }, { field: 'appId', reason: 'empty' }],
  ['actionName unknown', { ...TEMP_ID, actionName: 'QR_FOREVER' }, { field: 'actionName', reason: 'action_name_invalid' }],
  ['actionName a number', { ...TEMP_ID, actionName: 1 }, { field: 'actionName', reason: 'not_string' }],
  ['scene a number', { ...TEMP_ID, scene: 12 }, { field: 'scene', reason: 'not_string' }],
  ['scene_id 0', { ...TEMP_ID, scene: '0' }, { field: 'scene', reason: 'scene_id_range', params: ['1', '4294967295'] }],
  ['scene_id too big', { ...TEMP_ID, scene: '4294967296' }, { field: 'scene', reason: 'scene_id_range', params: ['1', '4294967295'] }],
  ['permanent scene_id over 100000', { ...PERM_ID, scene: '100001' }, { field: 'scene', reason: 'scene_id_range', params: ['1', '100000'] }],
  ['scene_id not digits', { ...TEMP_ID, scene: '1e3' }, { field: 'scene', reason: 'scene_id_not_integer', params: ['1', '4294967295'] }],
  ['scene_id with a leading zero', { ...PERM_ID, scene: '012' }, { field: 'scene', reason: 'scene_not_canonical' }],
  ['scene_id with spaces', { ...PERM_ID, scene: ' 12' }, { field: 'scene', reason: 'scene_not_canonical' }],
  ['scene_str empty', { ...TEMP_STR, scene: '' }, { field: 'scene', reason: 'scene_str_empty' }],
  ['scene_str over 64 bytes', { ...PERM_STR, scene: '码'.repeat(22) }, { field: 'scene', reason: 'scene_str_too_long', params: ['66', '64'] }],
  ['label null', { ...TEMP_ID, label: null }, { field: 'label', reason: 'not_string' }],
  ['label missing', without(TEMP_ID, 'label'), { field: 'label', reason: 'missing' }],
  ['ticket empty', { ...TEMP_ID, ticket: '' }, { field: 'ticket', reason: 'empty' }],
  ['ticket a number', { ...TEMP_ID, ticket: 7 }, { field: 'ticket', reason: 'not_string' }],
  ['url missing', without(TEMP_ID, 'url'), { field: 'url', reason: 'missing' }],
  ['url an object', { ...TEMP_ID, url: {} }, { field: 'url', reason: 'not_string' }],
  ['expireSeconds null on a temporary code', { ...TEMP_ID, expireSeconds: null }, { field: 'expireSeconds', reason: 'expire_not_integer', params: LIFETIME }],
  ['expireSeconds 59', { ...TEMP_ID, expireSeconds: 59 }, { field: 'expireSeconds', reason: 'expire_range', params: LIFETIME }],
  ['expireSeconds 2592001', { ...TEMP_STR, expireSeconds: 2592001 }, { field: 'expireSeconds', reason: 'expire_range', params: LIFETIME }],
  ['expireSeconds a fraction', { ...TEMP_ID, expireSeconds: 60.5 }, { field: 'expireSeconds', reason: 'expire_not_integer', params: LIFETIME }],
  ['expireSeconds as text', { ...TEMP_ID, expireSeconds: '604800' }, { field: 'expireSeconds', reason: 'expire_not_integer', params: LIFETIME }],
  ['expireSeconds missing', without(TEMP_ID, 'expireSeconds'), { field: 'expireSeconds', reason: 'missing' }],
  ['expireSeconds on a permanent code', { ...PERM_ID, expireSeconds: 604800 }, { field: 'expireSeconds', reason: 'must_be_empty' }],
  ['createdAt as text', { ...TEMP_ID, createdAt: '2025-01-01' }, { field: 'createdAt', reason: 'not_time' }],
  ['createdAt a fraction', { ...PERM_ID, createdAt: 1.5 }, { field: 'createdAt', reason: 'not_time' }],
  ['createdAt beyond Date', { ...PERM_ID, createdAt: 1e20 }, { field: 'createdAt', reason: 'not_time' }],
  ['createdAt null', { ...PERM_ID, createdAt: null }, { field: 'createdAt', reason: 'not_time' }],
  ['createdAt missing', without(PERM_ID, 'createdAt'), { field: 'createdAt', reason: 'missing' }],
  ['expiresAt off by 1 ms', { ...TEMP_ID, expiresAt: TEMP_ID.expiresAt! + 1 }, { field: 'expiresAt', reason: 'expires_mismatch' }],
  ['expiresAt null on a temporary code', { ...TEMP_STR, expiresAt: null }, { field: 'expiresAt', reason: 'expires_mismatch' }],
  ['expiresAt on a permanent code', { ...PERM_STR, expiresAt: NOW }, { field: 'expiresAt', reason: 'must_be_empty' }],
  ['expiresAt missing', without(PERM_STR, 'expiresAt'), { field: 'expiresAt', reason: 'missing' }],
  ['note a number', { ...TEMP_ID, note: 5 }, { field: 'note', reason: 'not_string' }],
  ['note null', { ...TEMP_ID, note: null }, { field: 'note', reason: 'not_string' }],
  ['sourceUrl an array', { ...TEMP_ID, sourceUrl: [] }, { field: 'sourceUrl', reason: 'not_string' }],
  ['renewedFromId false', { ...TEMP_ID, renewedFromId: false }, { field: 'renewedFromId', reason: 'not_string' }],
  ['an unknown field', { ...TEMP_ID, colour: 'red' }, { field: 'colour', reason: 'unknown_field' }],
  ['a __proto__ field', JSON.parse(`{"__proto__":{"x":1},${JSON.stringify(TEMP_ID).slice(1)}`), { field: '__proto__', reason: 'unknown_field' }],
];

describe('invalid records are refused with the record, the field and the reason, and nothing is written', () => {
  it.each(BAD_RECORDS)('%s', async (_, bad, expected) => {
    const error = await refusedImport(jsonFile([PERM_STR, bad, TEMP_STR]), 'h.json');
    expect(error).toEqual({ code: 'import_bad_record', recordIndex: 2, ...expected });
  });

  it.each([null, 'record', 42, [TEMP_ID]])('refuses the record %j as not an object', async (bad) => {
    expect(await refusedImport(jsonFile([PERM_STR, bad]), 'h.json')).toEqual({ code: 'import_bad_record', recordIndex: 2, reason: 'not_object' });
  });

  it('refuses a CSV row the same way, counting data rows from 1', async () => {
    const csv = recordsToCsv([TEMP_ID, PERM_ID, { ...TEMP_STR, expiresAt: TEMP_STR.expiresAt! - 1000 }]);
    expect(await refusedImport(new Blob([csv]), 'h.csv')).toEqual({
      code: 'import_bad_record',
      recordIndex: 3,
      field: 'expiresAt',
      reason: 'expires_mismatch',
    });
  });

  it('refuses a CSV time that is not ISO 8601', async () => {
    const csv = recordsToCsv([PERM_ID]).replace(new Date(PERM_ID.createdAt).toISOString(), '2025/1/2 10:00');
    expect(await refusedImport(new Blob([csv]), 'h.csv')).toEqual({ code: 'import_bad_record', recordIndex: 1, field: 'createdAt', reason: 'not_time' });
  });

  it('accepts the limits themselves: lifetime 60 and 2592000 s, scene_id 100000 and 4294967295, 64-byte scene_str', () => {
    const edges = [
      { ...TEMP_ID, scene: '4294967295', expireSeconds: 60, expiresAt: TEMP_ID.createdAt + 60_000 },
      { ...TEMP_STR, scene: `${'码'.repeat(21)}a`, expireSeconds: 2592000, expiresAt: TEMP_STR.createdAt + 2_592_000_000 },
      { ...PERM_ID, scene: '100000' },
    ];
    expect(validateImportRecords(edges)).toEqual({ ok: true, records: edges });
  });
});

describe('a ticket or id twice in one file', () => {
  it('refuses a duplicate ticket, naming both records, and writes nothing', async () => {
    const twin = { ...TEMP_STR, ticket: TEMP_ID.ticket };
    expect(await refusedImport(jsonFile([PERM_ID, TEMP_ID, PERM_STR, twin]), 'h.json')).toEqual({
      code: 'import_duplicate_ticket',
      recordIndex: 4,
      field: 'ticket',
      params: ['2'],
    });
  });

  it('refuses a duplicate id the same way', async () => {
    const twin = { ...TEMP_STR, id: TEMP_ID.id };
    expect(await refusedImport(new Blob([recordsToCsv([TEMP_ID, twin])]), 'h.csv')).toEqual({
      code: 'import_bad_record',
      recordIndex: 2,
      field: 'id',
      reason: 'duplicate_id',
      params: ['1'],
    });
  });
});

describe('secret-looking fields are refused anywhere in a record', () => {
  it.each(['appSecret', 'access_token', 'accessToken', 'secret', 'AppSecret', 'refresh_token'])('refuses a field named %s, even empty', async (field) => {
    const error = await refusedImport(jsonFile([TEMP_ID, PERM_ID, { ...PERM_STR, [field]: '' }]), 'h.json');
    expect(error).toEqual({ code: 'import_secret_field', recordIndex: 3, field });
  });

  it('refuses one nested inside a field', async () => {
    const error = await refusedImport(jsonFile([{ ...TEMP_ID, note: { access_token: 'x' } }]), 'h.json');
    expect(error).toEqual({ code: 'import_secret_field', recordIndex: 1, field: 'access_token' });
  });

  it('reports the secret before an earlier record’s other faults', async () => {
    const error = await refusedImport(
      jsonFile([
        { ...TEMP_ID, id: 5 },
        { ...PERM_ID, secret: 'x' },
      ]),
      'h.json',
    );
    expect(error).toEqual({ code: 'import_secret_field', recordIndex: 2, field: 'secret' });
  });

  it('refuses a CSV with an access_token column', async () => {
    const csv = recordsToCsv([TEMP_ID]).replace('batchId\r\n', 'batchId,access_token\r\n').replace(/\r\n$/, ',abc\r\n');
    expect(await refusedImport(new Blob([csv]), 'h.csv')).toEqual({ code: 'import_secret_field', recordIndex: 1, field: 'access_token' });
  });

  it('accepts values that merely mention a token', () => {
    const record = { ...TEMP_ID, note: 'access_token=abc', label: 'appSecret' };
    expect(validateImportRecords([record])).toEqual({ ok: true, records: [record] });
  });
});
