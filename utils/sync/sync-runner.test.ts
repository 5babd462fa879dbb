import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppFailure } from '@/utils/messaging/app-error';
import { readJobProgress } from '@/utils/messaging/job-progress';
import { accountsItem, syncSettingsItem, syncStatusItem } from '@/utils/storage/items';
import type { AccountPass, SyncEnginePort } from './engine-port';
import { CHANGE_DEBOUNCE_MS, SYNC_ALARM, createSyncRunner } from './sync-runner';

const APP_A = 'wx0123456789abcdef';
const APP_B = 'wxfedcba9876543210';
const SECRET = 'abcdef0123456789abcdef0123456789';
const NOW = 1_700_000_000_000;

/** The engine as the runner sees it: each sync recorded; `next` decides what the next one does. */
function fakeEngine() {
  const passes: AccountPass[] = [];
  let waiting = 3;
  let synced = false;
  const engine: SyncEnginePort & { next: (() => Promise<void>) | undefined; waitAfter: number } = {
    next: undefined,
    waitAfter: 0,
    syncAccount: vi.fn(async (pass: AccountPass) => {
      passes.push(pass);
      const step = engine.next;
      await step?.();
      waiting = engine.waitAfter;
      synced = true;
    }),
    waitingChanges: async () => waiting,
    hasSynced: async () => synced,
    previewRestore: async (pass) => ({ appId: pass.appId, codes: 2, permanent: 1, sampleLabels: ['海报'], deletions: 0 }),
  };
  return { engine, passes };
}

beforeEach(async () => {
  await accountsItem.setValue([
    { id: 'a1', name: 'Shop', appId: APP_A, tokenSource: 'stable', appSecret: SECRET },
    { id: 'a2', name: 'Cafe', appId: APP_B, tokenSource: 'stable', appSecret: SECRET },
  ]);
  await syncSettingsItem.setValue({
    url: 'https://dav.example.com/dav',
    user: 'ops',
    password: 'app-pass',
    passphrase: 'team words',
    root: 'scene-qr',
    intervalMinutes: 10,
  });
  vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  fakeBrowser.reset();
});

describe('sync runner', () => {
  it('syncs every account into its own folder with the passphrase, and records last synced and no changes waiting', async () => {
    const { engine, passes } = fakeEngine();
    await createSyncRunner(engine, { now: () => NOW }).request('manual');
    expect(passes.map((pass) => [pass.appId, pass.passphrase])).toEqual([
      [APP_A, 'team words'],
      [APP_B, 'team words'],
    ]);
    const status = (await syncStatusItem.getValue())[APP_A];
    expect(status).toMatchObject({ state: 'idle', lastSyncedAt: NOW, waiting: 0, neverSynced: false });
    expect(await readJobProgress('sync', APP_B)).toMatchObject({ state: 'idle', lastSyncedAt: NOW });
  });

  it('a server out of space pauses with the reason; the alarm does not retry; Sync now does', async () => {
    const { engine, passes } = fakeEngine();
    const runner = createSyncRunner(engine, { now: () => NOW });
    engine.next = () => Promise.reject(new AppFailure({ code: 'webdav_space_full', params: ['https://dav.example.com', '507'] }));
    await runner.request('change', APP_A);
    expect(await runner.status(APP_A)).toMatchObject({ state: 'paused', waiting: 3, error: { code: 'webdav_space_full' } });
    engine.next = undefined;
    await runner.request('alarm', APP_A);
    expect(passes).toHaveLength(1);
    await runner.request('manual', APP_A);
    expect(passes).toHaveLength(2);
    expect(await runner.status(APP_A)).toMatchObject({ state: 'idle', waiting: 0 });
  });

  it('a network failure is an error the next sync retries by itself', async () => {
    const { engine, passes } = fakeEngine();
    const runner = createSyncRunner(engine);
    engine.next = () => Promise.reject(new AppFailure({ code: 'webdav_network', params: ['https://dav.example.com'] }));
    await runner.request('change', APP_A);
    expect((await runner.status(APP_A)).state).toBe('error');
    engine.next = undefined;
    await runner.request('alarm', APP_A);
    expect(passes).toHaveLength(2);
    expect((await runner.status(APP_A)).state).toBe('idle');
  });

  it('never runs two syncs at once: a request during a run is run once after it', async () => {
    const { engine, passes } = fakeEngine();
    const runner = createSyncRunner(engine);
    let release!: () => void;
    engine.next = () => new Promise<void>((resolve) => (release = resolve));
    const first = runner.request('manual', APP_A);
    await vi.waitFor(() => expect(passes).toHaveLength(1));
    expect(runner.busy).toBe(true);
    engine.next = undefined;
    const second = runner.request('change', APP_A);
    const third = runner.request('change', APP_A);
    release();
    await Promise.all([first, second, third]);
    await vi.waitFor(() => expect(runner.busy).toBe(false));
    expect(passes).toHaveLength(2);
  });

  it('a burst of history changes becomes one sync after the debounce', async () => {
    vi.useFakeTimers();
    const { engine, passes } = fakeEngine();
    const runner = createSyncRunner(engine);
    for (let i = 0; i < 5; i++) runner.changed();
    await vi.advanceTimersByTimeAsync(CHANGE_DEBOUNCE_MS - 1);
    expect(passes).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    vi.useRealTimers();
    await vi.waitFor(() => expect(passes).toHaveLength(2));
  });

  it('without the host permission every account says which origin to allow, and nothing is synced', async () => {
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
    const { engine, passes } = fakeEngine();
    const runner = createSyncRunner(engine);
    await runner.request('manual');
    expect(passes).toHaveLength(0);
    expect(await runner.status(APP_B)).toMatchObject({ state: 'paused', error: { code: 'webdav_permission_missing', params: ['https://dav.example.com'] } });
  });

  it('wake sets the alarm at the interval saved and resumes a sync the worker stop cut off', async () => {
    const { engine, passes } = fakeEngine();
    await syncStatusItem.setValue({ [APP_A]: { appId: APP_A, state: 'syncing', waiting: 3 } });
    const runner = createSyncRunner(engine);
    await runner.wake();
    expect((await fakeBrowser.alarms.get(SYNC_ALARM))?.periodInMinutes).toBe(10);
    await vi.waitFor(() => expect(passes.map((pass) => pass.appId)).toEqual([APP_A, APP_B]));
  });

  it('sync not set up: nothing runs and the alarm is cleared', async () => {
    await syncSettingsItem.setValue(null);
    await fakeBrowser.alarms.create(SYNC_ALARM, { periodInMinutes: 10 });
    const { engine, passes } = fakeEngine();
    const runner = createSyncRunner(engine);
    await runner.settingsChanged();
    await runner.request('manual');
    expect(passes).toHaveLength(0);
    expect(await fakeBrowser.alarms.get(SYNC_ALARM)).toBeUndefined();
  });

  it('the restore preview reads through the engine with the saved server and passphrase', async () => {
    const { engine } = fakeEngine();
    const preview = vi.spyOn(engine, 'previewRestore');
    expect(await createSyncRunner(engine).preview(APP_A)).toMatchObject({ codes: 2, permanent: 1 });
    expect(preview.mock.calls[0]![0]).toMatchObject({ appId: APP_A, passphrase: 'team words' });
  });

  it('a change made during a run and not sent by it starts one more sync after the debounce; the merge writes alone do not', async () => {
    const { engine, passes } = fakeEngine();
    const runner = createSyncRunner(engine);
    let release!: () => void;
    engine.next = () => new Promise<void>((resolve) => (release = resolve));
    const first = runner.request('manual', APP_A);
    await vi.waitFor(() => expect(passes).toHaveLength(1));
    // The run's merge writes history: announced while it runs, nothing left waiting after.
    runner.changed();
    engine.next = undefined;
    release();
    await first;
    vi.useFakeTimers();
    await vi.advanceTimersByTimeAsync(CHANGE_DEBOUNCE_MS);
    vi.useRealTimers();
    expect(passes).toHaveLength(1);

    // Now the operator edits during a run, after the run read the outbox: it is still waiting.
    engine.next = () => new Promise<void>((resolve) => (release = resolve));
    engine.waitAfter = 1;
    const second = runner.request('manual', APP_A);
    await vi.waitFor(() => expect(passes).toHaveLength(2));
    runner.changed();
    engine.next = undefined;
    // Fake timers before the run ends, so the follow-up's debounce is on them.
    vi.useFakeTimers();
    release();
    await second;
    engine.waitAfter = 0;
    await vi.advanceTimersByTimeAsync(CHANGE_DEBOUNCE_MS);
    vi.useRealTimers();
    await vi.waitFor(() => expect(passes.length).toBeGreaterThan(2));
    expect(passes.slice(2).map((pass) => pass.appId)).toEqual([APP_A, APP_B]);
  });
});
