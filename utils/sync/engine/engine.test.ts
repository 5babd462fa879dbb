import { afterEach, describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { closeHistoryDb, deleteCode, historyDb, saveCode, updateCode } from '@/utils/storage/history-db';
import { hasSynced, syncOnce, waitingChanges } from './engine';
import { MemoryFolder } from './memory-folder';
import { previewRestore } from './restore-preview';
import { forgetOutboxReads } from './push';
import { code } from '@/test/unit/records';
import type { QrCodeRecord } from '@/utils/codes/record';
import { AppFailure } from '@/utils/messaging/app-error';

const APP = 'wx0000000000000001';
const FAST = 1000; // PBKDF2 iterations for test folders only

/** One browser profile: its own IndexedDB (so its own history, outbox and device id). */
class Profile {
  readonly factory = new IDBFactory();
}

const original = globalThis.indexedDB;
afterEach(async () => {
  forgetOutboxReads();
  await closeHistoryDb();
  globalThis.indexedDB = original;
});

/** Runs `work` inside `profile`, as if in that browser. */
async function inside<T>(profile: Profile, work: () => Promise<T>): Promise<T> {
  await closeHistoryDb();
  globalThis.indexedDB = profile.factory;
  return work();
}

const sync = (profile: Profile, folder: MemoryFolder, passphrase?: string) =>
  inside(profile, () => syncOnce({ appId: APP, folder, passphrase, iterations: FAST }));

async function history(profile: Profile): Promise<QrCodeRecord[]> {
  return inside(profile, async () => (await (await historyDb()).getAll('codes')).sort((a, b) => a.id.localeCompare(b.id)));
}

function labelsOf(records: QrCodeRecord[]): Record<string, string> {
  return Object.fromEntries(records.map((record) => [record.id, record.label]));
}

describe('syncOnce: two browsers through one folder', () => {
  it('a code created in A appears in B, with its label, note and url; nothing waits afterwards', async () => {
    const [a, b, folder] = [new Profile(), new Profile(), new MemoryFolder()];
    await inside(a, async () => {
      await saveCode(code('x', { label: 'poster', note: 'hall' }));
      await saveCode(code('y', { label: 'shop' }));
      expect(await waitingChanges(APP)).toBe(2);
      expect(await hasSynced(APP)).toBe(false);
    });
    await sync(a, folder);
    expect(await inside(a, () => waitingChanges(APP))).toBe(0);
    expect(await inside(a, () => hasSynced(APP))).toBe(true);
    const result = await sync(b, folder);
    expect(result.received).toBe(2);
    const inB = await history(b);
    expect(labelsOf(inB)).toEqual({ x: 'poster', y: 'shop' });
    expect(inB.find((r) => r.id === 'x')).toMatchObject({ note: 'hall', url: 'http://weixin.qq.com/q/x', ticket: 'ticket-x' });
  });

  it('a code made by a batch keeps its batch in B, and a code without one gains none', async () => {
    const [a, b, folder] = [new Profile(), new Profile(), new MemoryFolder()];
    await inside(a, async () => {
      await saveCode(code('from-batch', { label: 'row 1', batchId: 'batch-7f3a' }));
      await saveCode(code('alone'));
    });
    await sync(a, folder);
    await sync(b, folder);
    const inB = await history(b);
    expect(inB.find((r) => r.id === 'from-batch')?.batchId).toBe('batch-7f3a');
    expect(inB.find((r) => r.id === 'alone')).not.toHaveProperty('batchId');
  });

  it('the outbox is read from the last completed push on, and whole once per worker: a change below that point still goes out', async () => {
    const [a, b, folder] = [new Profile(), new Profile(), new MemoryFolder()];
    await inside(a, () => saveCode(code('first', { label: 'one' })));
    await sync(a, folder);
    const from = await inside(a, async () => (await (await historyDb()).get('syncState', `account:${APP}`)) as { outboxFrom?: number });
    expect(from.outboxFrom).toBeGreaterThan(0);
    // A change whose outbox key lies below outboxFrom (a clock set back), and one from before keys held the time.
    await inside(a, async () => {
      await updateCode('first', { label: 'one, edited' });
      await saveCode(code('legacy', { label: 'old outbox entry' }));
      const db = await historyDb();
      const edited = (await db.get('syncMeta', 'code:first'))!;
      await db.put('syncMeta', { ...edited, pending: [APP, from.outboxFrom! - 3_600_000] });
      const legacy = (await db.get('syncMeta', 'code:legacy'))!;
      await db.put('syncMeta', { ...legacy, pending: APP });
    });
    // This worker already read its whole outbox once: the reads start at outboxFrom, and these two wait.
    await sync(a, folder);
    await sync(b, folder);
    expect(labelsOf(await history(b))).toEqual({ first: 'one' });
    // A new worker reads the whole outbox first: both go out, nothing was lost.
    forgetOutboxReads();
    expect(await inside(a, () => waitingChanges(APP))).toBe(2);
    await sync(a, folder);
    expect(await inside(a, () => waitingChanges(APP))).toBe(0);
    await sync(b, folder);
    expect(labelsOf(await history(b))).toEqual({ first: 'one, edited', legacy: 'old outbox entry' });
  });

  it('a sync of ten changes costs a handful of requests, not one per code', async () => {
    const [a, folder] = [new Profile(), new MemoryFolder()];
    await inside(a, async () => {
      for (let i = 0; i < 10; i++) await saveCode(code(`c${i}`));
    });
    await sync(a, folder);
    expect(folder.requests).toBeLessThanOrEqual(5); // ensure, list, format, one segment (+ the format's read-back at most)
  });

  it('an edit in B and a delete in A at the same time converge to the same history in both (the newer delete wins)', async () => {
    const [a, b, folder] = [new Profile(), new Profile(), new MemoryFolder()];
    await inside(a, () => saveCode(code('x', { label: 'first' })).then(() => saveCode(code('keep', { label: 'k' }))));
    await sync(a, folder);
    await sync(b, folder);
    await inside(b, () => updateCode('x', { label: 'edited in B', note: '' }));
    await inside(a, () => deleteCode('x'));
    await sync(b, folder);
    await sync(a, folder);
    await sync(b, folder);
    expect(labelsOf(await history(a))).toEqual({ keep: 'k' });
    expect(labelsOf(await history(b))).toEqual({ keep: 'k' });
  });

  it('two labels written at once: both browsers end with the same winner, and the loser is kept in the note', async () => {
    const [a, b, folder] = [new Profile(), new Profile(), new MemoryFolder()];
    await inside(a, () => saveCode(code('x', { label: 'original' })));
    await sync(a, folder);
    await sync(b, folder);
    await inside(a, () => updateCode('x', { label: 'from A', note: '' }));
    await inside(b, () => updateCode('x', { label: 'from B', note: '' }));
    for (const profile of [a, b, a, b]) await sync(profile, folder);
    const [inA] = await history(a);
    const [inB] = await history(b);
    expect(inA).toEqual(inB);
    const loser = inA!.label === 'from A' ? 'from B' : 'from A';
    expect(['from A', 'from B']).toContain(inA!.label);
    expect(inA!.note).toContain(loser);
  });

  it('three browsers converge whatever the order they sync in, and syncing again changes nothing', async () => {
    const orders = [
      [0, 1, 2, 0, 1, 2],
      [2, 1, 0, 2, 1, 0],
      [1, 2, 0, 1, 0, 2],
    ];
    const finals: string[] = [];
    for (const order of orders) {
      const profiles = [new Profile(), new Profile(), new Profile()];
      const folder = new MemoryFolder();
      for (const [i, profile] of profiles.entries()) await inside(profile, () => saveCode(code(`own${i}`, { label: `made ${i}` })));
      for (const i of order) await sync(profiles[i]!, folder);
      const histories = await Promise.all(profiles.map((profile) => history(profile).then((records) => JSON.stringify(labelsOf(records)))));
      expect(new Set(histories).size).toBe(1);
      const before = histories[0]!;
      for (const profile of profiles) await sync(profile, folder);
      expect(JSON.stringify(labelsOf(await history(profiles[0]!)))).toBe(before);
      finals.push(before);
    }
    expect(new Set(finals).size).toBe(1);
    expect(JSON.parse(finals[0]!)).toEqual({ own0: 'made 0', own1: 'made 1', own2: 'made 2' });
  });

  it('a sync cut off mid-upload loses nothing: the next one sends what the server did not confirm', async () => {
    const [a, b, folder] = [new Profile(), new Profile(), new MemoryFolder()];
    await inside(a, async () => {
      for (let i = 0; i < 12_000; i++) await saveCode(code(`c${i}`, { label: `label ${i}` }));
    });
    folder.cutAfter = 4; // ensure, list, format, first segment: the second segment's PUT fails
    await expect(sync(a, folder)).rejects.toThrow(/connection cut/);
    const waiting = await inside(a, () => waitingChanges(APP));
    expect(waiting).toBeGreaterThan(0);
    expect(waiting).toBeLessThan(12_000);
    folder.cutAfter = undefined;
    await sync(a, folder);
    expect(await inside(a, () => waitingChanges(APP))).toBe(0);
    await sync(b, folder);
    expect((await history(b)).length).toBe(12_000);
  }, 60_000);

  it('after many segments one browser compacts into a snapshot, and a new browser still gets every code', async () => {
    const [a, folder] = [new Profile(), new MemoryFolder()];
    for (let i = 0; i < 30; i++) {
      await inside(a, () => saveCode(code(`c${i}`, { label: `l${i}` })));
      await sync(a, folder);
    }
    const names = [...folder.files.keys()];
    expect(names.some((name) => name.startsWith('snap-'))).toBe(true);
    expect(names.filter((name) => name.startsWith('seg-')).length).toBeLessThanOrEqual(25);
    const fresh = new Profile();
    await sync(fresh, folder);
    expect((await history(fresh)).length).toBe(30);
  });
});

describe('end-to-end encryption', () => {
  it('the files on the server hold no label, scene or url in plain text', async () => {
    const [a, b, folder] = [new Profile(), new Profile(), new MemoryFolder()];
    await inside(a, () => saveCode(code('x', { label: 'secret-poster-label', scene: 'store-beijing-42', url: 'http://weixin.qq.com/q/plainurl' })));
    await sync(a, folder, 'correct horse');
    const everything = [...folder.files.values()].map((bytes) => Buffer.from(bytes).toString('latin1')).join('\n');
    for (const plain of ['secret-poster-label', 'store-beijing-42', 'plainurl', 'ticket-x']) expect(everything).not.toContain(plain);
    await sync(b, folder, 'correct horse');
    expect((await history(b))[0]).toMatchObject({ label: 'secret-poster-label', scene: 'store-beijing-42' });
  });

  it('a wrong sync passphrase is refused before anything is written or removed', async () => {
    const [a, b, folder] = [new Profile(), new Profile(), new MemoryFolder()];
    await inside(a, () => saveCode(code('x', { label: 'mine' })));
    await sync(a, folder, 'correct horse');
    await inside(b, () => saveCode(code('y', { label: 'theirs' })));
    const before = new Map([...folder.files].map(([name, bytes]) => [name, Buffer.from(bytes).toString('base64')]));
    const refusal = await sync(b, folder, 'wrong horse').catch((thrown: unknown) => thrown);
    expect(refusal).toBeInstanceOf(AppFailure);
    expect((refusal as AppFailure).error.code).toBe('sync_passphrase_wrong');
    const after = new Map([...folder.files].map(([name, bytes]) => [name, Buffer.from(bytes).toString('base64')]));
    expect(after).toEqual(before);
    expect(labelsOf(await history(b))).toEqual({ y: 'theirs' });
    expect(await inside(b, () => waitingChanges(APP))).toBe(1);
  });
});

describe('restore preview', () => {
  it('says what a first sync would bring, and writes nothing', async () => {
    const [a, fresh, folder] = [new Profile(), new Profile(), new MemoryFolder()];
    await inside(a, async () => {
      await saveCode(code('t', { label: 'temp' }));
      await saveCode(code('p', { label: 'forever', actionName: 'QR_LIMIT_STR_SCENE', expireSeconds: 0, expiresAt: null } as Partial<QrCodeRecord>));
    });
    await sync(a, folder);
    const files = folder.files.size;
    const summary = await inside(fresh, () => previewRestore(APP, folder));
    expect(summary).toMatchObject({ appId: APP, codes: 2, permanent: 1, deletions: 0 });
    expect(summary.sampleLabels.sort()).toEqual(['forever', 'temp']);
    expect(folder.files.size).toBe(files);
    expect(await history(fresh)).toEqual([]);
  });
});
