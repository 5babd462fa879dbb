import { beforeEach, describe, expect, it } from 'vitest';
import { resetHistoryDatabase } from '@/test/unit/helpers';
import { type AppError, AppFailure } from '@/utils/messaging/app-error';
import type { BatchItem, BatchJob, BatchProgress } from './job';
import { type BatchRunnerDeps, createBatchRunner } from './runner';
import { createBatch, getBatchItems, getBatchJob } from './store';
import { historyDb } from '@/utils/storage/history-db';
import type { QrCodeRecord } from '@/utils/codes/record';

const APP_ID = 'wx0000000000000001';

function job(id: string, total: number, patch: Partial<BatchJob> = {}): BatchJob {
  return { id, appId: APP_ID, actionName: 'QR_STR_SCENE', expireSeconds: 3600, concurrency: 4, createdAt: 1, status: 'running', total, ...patch };
}

function items(batchId: string, count: number): BatchItem[] {
  return Array.from({ length: count }, (_, index) => ({ batchId, index, row: index + 1, scene: `s-${index}`, label: `L${index}`, state: 'pending' as const }));
}

let tickets = 0;
function recordFor(item: BatchItem): QrCodeRecord {
  const n = ++tickets;
  return {
    id: `code-${n}`,
    appId: APP_ID,
    actionName: 'QR_STR_SCENE',
    scene: item.scene,
    label: item.label,
    ticket: `t+/${n}=`,
    url: `http://weixin.qq.com/q/${n}`,
    expireSeconds: 3600,
    createdAt: 1,
    expiresAt: 3_600_001,
  };
}

/** A promise the test opens: requests wait on it like answers that have not come back yet. */
function gated(): { gate: Promise<void>; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return { gate, release };
}

function deps(createCode: BatchRunnerDeps['createCode'], published: BatchProgress[] = []): BatchRunnerDeps {
  return {
    createCode,
    publish: async (progress) => void published.push(progress),
    watchdog: { arm: async () => {}, disarm: async () => {} },
    // Pacing is tested on its own below; here it would only slow the tests down.
    requestsPerSecond: 1e9,
  };
}

async function historyScenes(): Promise<string[]> {
  return (await (await historyDb()).getAll('codes')).map((code) => code.scene).sort();
}

const wechat = (code: 'wechat_scene_rejected' | 'wechat_daily_quota') => new AppFailure({ code, errcode: code === 'wechat_daily_quota' ? 45009 : 40053 });

beforeEach(async () => {
  await resetHistoryDatabase();
  tickets = 0;
});

describe('batch runner', () => {
  it('creates every item once, never more than `concurrency` at a time, and finishes the job', async () => {
    let inFlight = 0;
    let most = 0;
    const runner = createBatchRunner(
      deps(async (_job, item) => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight--;
        return recordFor(item);
      }),
    );
    await createBatch(job('b', 30, { concurrency: 3 }), items('b', 30));
    await runner.run('b');
    expect(most).toBe(3);
    expect(await historyScenes()).toEqual(
      items('b', 30)
        .map((item) => item.scene)
        .sort(),
    );
    const view = await runner.view('b');
    expect(view?.job.status).toBe('done');
    expect(view?.counts).toEqual({ done: 30, failed: 0, pending: 0, cancelled: 0 });
    expect((await getBatchItems('b')).every((item) => item.codeId?.startsWith('code-'))).toBe(true);
  });

  it('lists an item WeChat refused with its reason, and "retry failed" sends only those again', async () => {
    let refuse = true;
    const sent: string[] = [];
    const runner = createBatchRunner(
      deps(async (_job, item) => {
        sent.push(item.scene);
        if (item.index === 2 && refuse) throw wechat('wechat_scene_rejected');
        return recordFor(item);
      }),
    );
    await createBatch(job('b', 5), items('b', 5));
    await runner.run('b');
    const view = await runner.view('b');
    expect(view?.job.status).toBe('done');
    expect(view?.counts).toEqual({ done: 4, failed: 1, pending: 0, cancelled: 0 });
    expect(view?.failures.map((item) => [item.scene, item.error?.code])).toEqual([['s-2', 'wechat_scene_rejected']]);

    refuse = false;
    sent.length = 0;
    await runner.retryFailed('b');
    await runner.run('b');
    expect(sent).toEqual(['s-2']);
    expect((await runner.view('b'))?.counts).toEqual({ done: 5, failed: 0, pending: 0, cancelled: 0 });
    expect((await getBatchItems('b'))[2]).not.toHaveProperty('error');
  });

  it('pauses itself on the daily quota (45009) with the reason, keeps the item, and resumes to the end', async () => {
    let quotaLeft = 3;
    const runner = createBatchRunner(
      deps(async (_job, item) => {
        if (quotaLeft-- <= 0) throw wechat('wechat_daily_quota');
        return recordFor(item);
      }),
    );
    await createBatch(job('b', 6, { concurrency: 1 }), items('b', 6));
    await runner.run('b');
    const paused = await runner.view('b');
    expect(paused?.job.status).toBe('paused');
    expect(paused?.job.stoppedBy?.code).toBe('wechat_daily_quota');
    expect(paused?.counts).toEqual({ done: 3, failed: 0, pending: 3, cancelled: 0 });

    quotaLeft = Infinity;
    await runner.resume('b');
    await runner.run('b');
    const done = await runner.view('b');
    expect(done?.job).toMatchObject({ status: 'done' });
    expect(done?.job).not.toHaveProperty('stoppedBy');
    expect(await historyScenes()).toHaveLength(6);
  });

  it('"run the part that fits": makes the first rows, pauses as planned with the rest pending, Resume makes the rest', async () => {
    let calls = 0;
    const runner = createBatchRunner(
      deps(async (_job, item) => {
        calls++;
        return recordFor(item);
      }),
    );
    await createBatch(job('b', 20, { concurrency: 4, holdLast: 5 }), items('b', 20));
    await runner.run('b');
    const paused = await runner.view('b');
    expect(calls).toBe(15);
    expect(paused?.job).toMatchObject({ status: 'paused', stoppedBy: { code: 'batch_quota_planned', params: ['5'] } });
    expect(paused?.counts).toEqual({ done: 15, failed: 0, pending: 5, cancelled: 0 });
    // The held rows are the last ones, in order: what the operator would make tomorrow.
    expect((await getBatchItems('b')).filter((item) => item.state === 'pending').map((item) => item.index)).toEqual([15, 16, 17, 18, 19]);

    await runner.resume('b');
    await runner.run('b');
    expect(calls).toBe(20);
    const done = await runner.view('b');
    expect(done?.job.status).toBe('done');
    expect(done?.job).not.toHaveProperty('holdLast');
  });

  it('a worker restarted mid-run keeps the planned hold', async () => {
    await createBatch(job('b', 10, { concurrency: 2, holdLast: 4 }), items('b', 10));
    const second = createBatchRunner(deps(async (_job, item) => recordFor(item)));
    await second.resumeRunning();
    expect((await second.view('b'))?.counts.done).toBe(6);
    expect((await getBatchJob('b'))?.status).toBe('paused');
  });

  it('resumes in a new worker where a stopped one left off: no code twice, none lost', async () => {
    // The first worker's requests stop answering after 4 codes, as when Chrome stops the worker mid-request.
    let answered = 0;
    const first = createBatchRunner(deps(async (_job, item) => (answered++ < 4 ? recordFor(item) : new Promise<never>(() => {}))));
    await createBatch(job('b', 12, { concurrency: 2 }), items('b', 12));
    void first.run('b');
    await expect.poll(async () => (await getBatchItems('b')).filter((item) => item.state === 'done').length).toBe(4);

    const second = createBatchRunner(deps(async (_job, item) => recordFor(item)));
    await second.resumeRunning();
    expect((await getBatchJob('b'))?.status).toBe('done');
    const scenes = await historyScenes();
    expect(scenes).toEqual(
      items('b', 12)
        .map((item) => item.scene)
        .sort(),
    );
    expect(new Set(scenes).size).toBe(12);
  });

  it('cancel: nothing new is sent, pending items are cancelled, codes already made stay in history', async () => {
    const { gate, release } = gated();
    const sent: string[] = [];
    const runner = createBatchRunner(
      deps(async (_job, item) => {
        sent.push(item.scene);
        if (item.index >= 2) await gate;
        return recordFor(item);
      }),
    );
    await createBatch(job('b', 10, { concurrency: 2 }), items('b', 10));
    const running = runner.run('b');
    await expect.poll(() => sent.length).toBe(4);
    await runner.cancel('b');
    release();
    await running;
    const view = await runner.view('b');
    expect(view?.job.status).toBe('cancelled');
    expect(view?.counts).toEqual({ done: 4, failed: 0, pending: 0, cancelled: 6 });
    expect(sent).toHaveLength(4);
    expect(await historyScenes()).toHaveLength(4);
  });

  it('pause lets requests in flight finish and starts none; resume carries on', async () => {
    const { gate, release } = gated();
    const sent: string[] = [];
    const runner = createBatchRunner(
      deps(async (_job, item) => {
        sent.push(item.scene);
        await gate;
        return recordFor(item);
      }),
    );
    await createBatch(job('b', 8, { concurrency: 2 }), items('b', 8));
    const running = runner.run('b');
    await expect.poll(() => sent.length).toBe(2);
    await runner.pause('b');
    release();
    await running;
    expect((await runner.view('b'))?.counts).toEqual({ done: 2, failed: 0, pending: 6, cancelled: 0 });
    expect(sent).toHaveLength(2);
    await runner.resume('b');
    await runner.run('b');
    expect((await runner.view('b'))?.counts.done).toBe(8);
  });

  it('paces request starts to the configured rate whatever the concurrency', async () => {
    // A tiny discrete-event clock: the earliest sleeper wakes first and moves time to its wake-up.
    let clock = 0;
    const sleepers: { at: number; wake: () => void }[] = [];
    const starts: number[] = [];
    const runner = createBatchRunner({
      ...deps(async (_job, item) => {
        starts.push(clock);
        return recordFor(item);
      }),
      requestsPerSecond: 10,
      now: () => clock,
      sleep: (ms) => new Promise<void>((wake) => sleepers.push({ at: clock + ms, wake })),
    });
    await createBatch(job('b', 6, { concurrency: 4 }), items('b', 6));
    let finished = false;
    const running = runner.run('b').then(() => (finished = true));
    while (!finished) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      sleepers.sort((a, b) => a.at - b.at);
      const next = sleepers.shift();
      if (next) {
        clock = next.at;
        next.wake();
      }
    }
    await running;
    expect(starts).toEqual([0, 100, 200, 300, 400, 500]);
  });

  it('publishes progress with counts and the final status', async () => {
    const published: BatchProgress[] = [];
    const runner = createBatchRunner(deps(async (_job, item) => recordFor(item), published));
    await createBatch(job('b', 3), items('b', 3));
    await runner.run('b');
    expect(published.at(-1)).toMatchObject({ batchId: 'b', status: 'done', counts: { done: 3, failed: 0, pending: 0, cancelled: 0 } });
  });
});

describe('batch runner, resume while the pause drains', () => {
  beforeEach(resetHistoryDatabase);

  it('resuming a batch whose last requests are still out waits for them, then carries on', async () => {
    const { gate, release } = gated();
    const runner = createBatchRunner(
      deps(async (_job, item) => {
        if (item.index === 0) await gate;
        return recordFor(item);
      }),
    );
    await createBatch(job('b', 5, { concurrency: 2 }), items('b', 5));
    void runner.run('b');
    await expect.poll(async () => (await getBatchItems('b')).filter((item) => item.state === 'done').length).toBeGreaterThanOrEqual(1);
    await runner.pause('b');
    const resumed = runner.resume('b');
    release();
    await resumed;
    await runner.run('b');
    expect((await runner.view('b'))?.job.status).toBe('done');
    expect(await historyScenes()).toHaveLength(5);
  });
});

describe('batch runner, errors every row would meet', () => {
  beforeEach(resetHistoryDatabase);

  it.each<AppError>([
    { code: 'http_status', status: 502, params: ['502'] },
    { code: 'http_status', status: 503, params: ['503'] },
    { code: 'timeout', params: ['15'] },
    { code: 'secret_locked' },
    { code: 'token_server_permission_missing' },
    { code: 'api_base_permission_missing' },
    { code: 'token_pasted_missing' },
    { code: 'account_missing' },
  ])('$code $status: the batch pauses with the reason, no row fails, and resumed it finishes every row', async (error) => {
    let down = true;
    let answered = 0;
    const runner = createBatchRunner(
      deps(async (_job, item) => {
        if (down && answered >= 3) throw new AppFailure(error);
        answered++;
        return recordFor(item);
      }),
    );
    await createBatch(job('b', 20), items('b', 20));
    await runner.run('b');
    const paused = await runner.view('b');
    expect(paused?.job).toMatchObject({ status: 'paused', stoppedBy: error });
    expect(paused?.counts).toEqual({ done: 3, failed: 0, pending: 17, cancelled: 0 });
    expect(paused?.failures).toEqual([]);

    down = false;
    await runner.resume('b');
    await runner.run('b');
    expect((await runner.view('b'))?.counts).toEqual({ done: 20, failed: 0, pending: 0, cancelled: 0 });
  });

  it("HTTP 404 is the row's own failure: that row fails, the others are created", async () => {
    const runner = createBatchRunner(
      deps(async (_job, item) => {
        if (item.index === 1) throw new AppFailure({ code: 'http_status', status: 404, params: ['404'] });
        return recordFor(item);
      }),
    );
    await createBatch(job('b', 4), items('b', 4));
    await runner.run('b');
    expect((await runner.view('b'))?.counts).toEqual({ done: 3, failed: 1, pending: 0, cancelled: 0 });
  });
});

describe('batch runner, a pause while workers wait for their request slot', () => {
  beforeEach(resetHistoryDatabase);

  it('sends nothing after the pause: a worker waiting on the pacing goes back to the queue', async () => {
    let clock = 0;
    const sleepers: { at: number; wake: () => void }[] = [];
    const sent: string[] = [];
    const runner = createBatchRunner({
      ...deps(async (_job, item) => {
        sent.push(item.scene);
        if (item.index === 0) throw new AppFailure({ code: 'http_status', status: 502, params: ['502'] });
        return recordFor(item);
      }),
      requestsPerSecond: 10,
      now: () => clock,
      sleep: (ms) => new Promise<void>((wake) => sleepers.push({ at: clock + ms, wake })),
    });
    await createBatch(job('b', 8, { concurrency: 4 }), items('b', 8));
    const running = runner.run('b');
    // The first request fails at once and pauses the batch; the other three workers are still waiting for their slots.
    await expect.poll(async () => (await getBatchJob('b'))?.status).toBe('paused');
    expect(sleepers).toHaveLength(3);
    clock = 1000;
    for (const sleeper of sleepers.splice(0)) sleeper.wake();
    await running;
    expect(sent).toEqual(['s-0']);
    expect((await runner.view('b'))?.counts).toEqual({ done: 0, failed: 0, pending: 8, cancelled: 0 });
  });
});
