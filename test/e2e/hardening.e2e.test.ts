import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BrowserContext, type Page, type Worker, chromium } from 'playwright-core';
import { TEST_APP_ID, TEST_APP_SECRET, type WechatStandIn } from '../stand-ins/wechat-stand-in';
import { HistoryPage } from './page-objects/history';
import { OptionsPage } from './page-objects/options';
import { PopupPage } from './page-objects/popup';
import { CHROMIUM_PATH, EXTENSION_DIR, type ExtensionBrowser, chromiumArgs, chromiumEnv } from './support/extension-browser';
import { type Suite, startSuite } from './support/fixtures';

/**
 * The background holds the AppSecret and answers only Scene QR's own pages (SECURITY.md, "Who may
 * talk to the background"). These tests try the other doors in a real Chromium, and search
 * everything a page, a log, the history or an export can see for the secret and the access tokens.
 */

/** The slice of the extension API these tests evaluate inside Chromium (pages and service workers). */
interface RuntimeApi {
  id: string;
  sendMessage(...args: unknown[]): unknown;
  getManifest(): Record<string, unknown>;
  onMessage: { hasListeners(): boolean };
  onMessageExternal: { hasListeners(): boolean };
  onConnectExternal: { hasListeners(): boolean };
}
declare const chrome: {
  runtime: RuntimeApi;
  storage: Record<'local' | 'session' | 'sync', { get(keys: null): Promise<Record<string, unknown>> }>;
};

const ISSUED_TOKEN = /TOKEN_[0-9a-f]{24}/g;

// ---------------------------------------------------------------------------------------------
// 1. Another extension installed in the same browser

/** A second extension whose service worker tries to read Scene QR's settings, and says what happened. */
function writeProbeExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scene-qr-probe-'));
  const manifest = { manifest_version: 3, name: 'Scene QR hardening probe', version: '1.0', background: { service_worker: 'background.js' } };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(
    join(dir, 'background.js'),
    `
self.tryToReadSettings = async (sceneQrId) => {
  const report = {};
  try {
    report.sendMessage = { reply: await chrome.runtime.sendMessage(sceneQrId, { type: 'getSettings' }) };
  } catch (error) {
    report.sendMessage = { error: String(error) };
  }
  report.connect = await new Promise((resolve) => {
    const port = chrome.runtime.connect(sceneQrId);
    const messages = [];
    port.onMessage.addListener((message) => messages.push(message));
    port.onDisconnect.addListener(() => resolve({ messages, error: chrome.runtime.lastError?.message ?? null }));
    port.postMessage({ type: 'getSettings' });
    setTimeout(() => resolve({ messages, error: null, stillOpen: true }), 5000);
  });
  return report;
};
`,
  );
  return dir;
}

/**
 * Scene QR and the probe side by side, with the same switches as ExtensionBrowser.launch (which
 * loads one extension and takes the first service worker as Scene QR's).
 */
async function launchWithProbe(probeDir: string): Promise<{ context: BrowserContext; sceneQr: Worker; probe: Worker; profile: string }> {
  const profile = mkdtempSync(join(tmpdir(), 'scene-qr-profile-'));
  const extensions = `${EXTENSION_DIR},${probeDir}`;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs(extensions),
    env: chromiumEnv(),
  });
  while (context.serviceWorkers().length < 2) await context.waitForEvent('serviceworker');
  const named = await Promise.all(
    context.serviceWorkers().map(async (worker) => ({ worker, name: await worker.evaluate(() => chrome.runtime.getManifest().name) })),
  );
  const probe = named.find((w) => w.name === 'Scene QR hardening probe')!.worker;
  const sceneQr = named.find((w) => w.worker !== probe)!.worker;
  return { context, sceneQr, probe, profile };
}

describe('another extension in the same browser', () => {
  let probeDir: string;
  let launched: Awaited<ReturnType<typeof launchWithProbe>>;
  let sceneQrId: string;

  beforeAll(async () => {
    probeDir = writeProbeExtension();
    launched = await launchWithProbe(probeDir);
    sceneQrId = new URL(launched.sceneQr.url()).host;
    const options = await launched.context.newPage();
    await options.goto(`chrome-extension://${sceneQrId}/options.html`);
    await new OptionsPage(options).saveCredentials();
    await options.close();
  });

  afterAll(async () => {
    await launched?.context.close();
    if (launched) rmSync(launched.profile, { recursive: true, force: true });
    if (probeDir) rmSync(probeDir, { recursive: true, force: true });
  });

  it('gets no settings: its message and its port find no receiver, and it never sees the AppID', async () => {
    // Control: the id is right and the settings are there, for Scene QR's own page.
    const own = await launched.context.newPage();
    await own.goto(`chrome-extension://${sceneQrId}/options.html`);
    expect(JSON.stringify(await own.evaluate(() => chrome.runtime.sendMessage({ type: 'getSettings' })))).toContain(TEST_APP_ID);
    await own.close();

    const report = await launched.probe.evaluate(
      (id) => (self as unknown as { tryToReadSettings(id: string): Promise<unknown> }).tryToReadSettings(id),
      sceneQrId,
    );
    expect(report).toEqual({
      sendMessage: { error: expect.stringMatching(/Could not establish connection\. Receiving end does not exist/) },
      connect: { messages: [], error: expect.stringMatching(/Could not establish connection\. Receiving end does not exist/) },
    });
    expect(JSON.stringify(report)).not.toContain(TEST_APP_ID);
    expect(JSON.stringify(report)).not.toContain(TEST_APP_SECRET);
  });
});

// ---------------------------------------------------------------------------------------------
// 2 and 3. Web pages, and what the service worker and manifest expose

/** An ordinary web page that tries to reach an extension by id, as a malicious site would. */
const WEB_PAGE = `<!doctype html><meta charset="utf-8"><title>Not an extension page</title>
<script>
window.tryToReadSettings = async (sceneQrId) => {
  const runtime = window.chrome && window.chrome.runtime;
  if (!runtime || typeof runtime.sendMessage !== 'function') return { runtimeAvailable: false };
  try {
    return { runtimeAvailable: true, reply: await runtime.sendMessage(sceneQrId, { type: 'getSettings' }) };
  } catch (error) {
    return { runtimeAvailable: true, error: String(error) };
  }
};
</script>`;

describe('web pages and the background’s own doors', () => {
  let suite: Suite;
  let browser: ExtensionBrowser;
  let server: Server;

  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(WEB_PAGE));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    suite = await startSuite();
    ({ browser } = suite);
  });

  afterAll(async () => {
    await suite?.stop();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('a web page cannot message Scene QR: no runtime to reach it, no settings', async () => {
    const page = await browser.context.newPage();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    await page.goto(url);
    expect(page.url()).toBe(url);
    const result = await page.evaluate(
      (id) => (window as unknown as { tryToReadSettings(id: string): Promise<Record<string, unknown>> }).tryToReadSettings(id),
      browser.extensionId,
    );
    // No externally_connectable: Chromium gives the page no chrome.runtime for Scene QR at all.
    expect(result).toEqual({ runtimeAvailable: false });
    expect(result).not.toHaveProperty('reply');
    expect(JSON.stringify(result)).not.toContain(TEST_APP_ID);
    await page.close();
  });

  // A content script would pass Scene QR's id with a web page's sender.url; with none declared, no real
  // sender like that exists here, so isOwnExtensionPage itself is covered in utils/messaging/router.test.ts.
  it('the background listens only to its own extension and the manifest opens no other door', async () => {
    const sw = await browser.currentServiceWorker();
    const facts = await sw.evaluate(() => {
      const manifest = chrome.runtime.getManifest();
      return {
        ownMessageListener: chrome.runtime.onMessage.hasListeners(),
        externalMessageListener: chrome.runtime.onMessageExternal.hasListeners(),
        externalConnectListener: chrome.runtime.onConnectExternal.hasListeners(),
        contentScripts: manifest.content_scripts ?? null,
        externallyConnectable: manifest.externally_connectable ?? null,
        // A page listed here could be framed by any site, and its messages would pass the sender check.
        webAccessibleResources: manifest.web_accessible_resources ?? null,
        // WXT turns an entrypoint named history/newtab/bookmarks into a Chrome page override.
        chromeUrlOverrides: (manifest as { chrome_url_overrides?: unknown }).chrome_url_overrides ?? null,
        hostPermissions: manifest.host_permissions,
        permissions: manifest.permissions as string[],
      };
    });
    expect(facts).toMatchObject({
      ownMessageListener: true,
      externalMessageListener: false,
      externalConnectListener: false,
      contentScripts: null,
      externallyConnectable: null,
      webAccessibleResources: null,
      chromeUrlOverrides: null,
      hostPermissions: ['https://api.weixin.qq.com/*', 'https://mp.weixin.qq.com/*'],
    });
    // Nor a way to add content scripts at run time.
    expect(facts.permissions).not.toContain('scripting');
    expect(facts.permissions).not.toContain('userScripts');
  });
});

// ---------------------------------------------------------------------------------------------
// 4. The secret and the tokens, everywhere a page, a log, the history or an export can see

interface RecordedReply {
  type: unknown;
  reply: string;
}

/**
 * A test spy installed in every extension page before its scripts run: each reply the background
 * sends (through `browser.runtime.sendMessage`, which the pages use, or `chrome.runtime.sendMessage`)
 * is pushed, as JSON, to `window.__replies`. Calls and replies pass through unchanged.
 */
function installReplySpy(): void {
  if (location.protocol !== 'chrome-extension:') return;
  type Runtime = { sendMessage(...args: unknown[]): unknown };
  const scope = globalThis as unknown as { browser?: { runtime?: Runtime }; chrome?: { runtime?: Runtime }; __replies: RecordedReply[] };
  scope.__replies = [];
  const record = (message: unknown, reply: unknown) =>
    scope.__replies.push({ type: (message as { type?: unknown } | null)?.type, reply: JSON.stringify(reply) ?? 'undefined' });
  for (const runtime of [scope.browser?.runtime, scope.chrome?.runtime]) {
    if (!runtime || typeof runtime.sendMessage !== 'function') continue;
    const original = runtime.sendMessage;
    runtime.sendMessage = function (this: unknown, ...args: unknown[]) {
      const message = args.find((arg) => typeof arg === 'object');
      const callback = args.at(-1);
      if (typeof callback === 'function') {
        args[args.length - 1] = function (this: unknown, reply: unknown) {
          record(message, reply);
          return (callback as (...a: unknown[]) => unknown).apply(this, [reply]);
        };
        return original.apply(this, args);
      }
      const result = original.apply(this, args);
      if (result instanceof Promise)
        result.then(
          (reply) => record(message, reply),
          () => undefined,
        );
      return result;
    };
  }
}

/** Everything in chrome.storage, read inside the service worker. */
async function dumpStorage(sw: Worker): Promise<Record<'local' | 'session' | 'sync', Record<string, unknown>>> {
  return sw.evaluate(async () => ({
    local: await chrome.storage.local.get(null),
    session: await chrome.storage.session.get(null),
    sync: await chrome.storage.sync.get(null),
  }));
}

/** Every record of every object store of every IndexedDB database of the extension, read in the service worker. */
async function dumpIndexedDb(sw: Worker): Promise<Record<string, Record<string, unknown[]>>> {
  return sw.evaluate(async () => {
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const dump: Record<string, Record<string, unknown[]>> = {};
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await request(indexedDB.open(name));
      dump[name] = {};
      for (const store of Array.from(db.objectStoreNames)) {
        dump[name][store] = await request(db.transaction(store).objectStore(store).getAll());
      }
      db.close();
    }
    return dump;
  });
}

describe('the AppSecret and access tokens', () => {
  let suite: Suite;
  let standIn: WechatStandIn;
  let browser: ExtensionBrowser;
  /** Where each piece of text was seen, and the text. */
  const seen: { where: string; text: string }[] = [];
  const replies: RecordedReply[] = [];
  const consoleLines: string[] = [];

  /** Keeps what the page has received and shows (call before a reload, which starts the page afresh). */
  async function collect(page: Page, name: string): Promise<void> {
    const recorded = await page.evaluate(() => (window as unknown as { __replies: RecordedReply[] }).__replies);
    replies.push(...recorded);
    for (const { type, reply } of recorded) seen.push({ where: `${name} reply to ${String(type)}`, text: reply });
    seen.push({ where: `${name} DOM`, text: await page.content() });
    seen.push({ where: `${name} localStorage`, text: await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage })) });
  }

  async function collectAndClose(page: Page, name: string): Promise<void> {
    await collect(page, name);
    await page.close();
  }

  beforeAll(async () => {
    // The account is saved below, once the spy is in every page.
    suite = await startSuite({ account: false });
    ({ standIn, browser } = suite);
    await browser.context.addInitScript(installReplySpy);
    browser.context.on('console', (message) => {
      const from = message.worker() ? `service worker ${message.worker()!.url()}` : `page ${message.page()?.url()}`;
      consoleLines.push(message.text());
      seen.push({ where: `console of ${from}`, text: message.text() });
    });

    // Options: save, read back, test the connection.
    const options = await browser.open('options');
    await new OptionsPage(options).saveCredentials();
    await collect(options, 'options before reload');
    await options.reload();
    await options.locator('[data-testid=secret-stored]').waitFor();
    await options.getByRole('button', { name: '测试连接' }).click();
    await options.getByRole('status').getByText(TEST_APP_ID).waitFor();
    await options.evaluate(() => console.log('console-capture-check: options page'));
    await collectAndClose(options, 'options');

    // Popup: the four kinds, a failure while fetching a new token, and a code after it.
    const popup = await PopupPage.open(browser);
    await popup.createCode({ actionName: 'QR_SCENE', scene: '4294967295', expireSeconds: '604800', label: '海报A' });
    await popup.createCode({ actionName: 'QR_STR_SCENE', scene: '门店-国贸', expireSeconds: '86400' });
    await popup.createCode({ actionName: 'QR_LIMIT_SCENE', scene: '100000' });
    await popup.createCode({ actionName: 'QR_LIMIT_STR_SCENE', scene: 'salesperson-42' });
    standIn.expireAllTokens();
    standIn.queueFault('/cgi-bin/stable_token', { errcode: 40164, errmsg: 'invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist rid: 1-2' });
    await popup.fillAndSubmit({ actionName: 'QR_STR_SCENE', scene: 'ip-refused' });
    expect(await popup.alertText()).toContain('1.2.3.4');
    await popup.createCode({ actionName: 'QR_STR_SCENE', scene: 'after-whitelist-fix' });
    await collectAndClose(popup.page, 'popup');

    // History: export both formats.
    const history = await HistoryPage.open(browser);
    seen.push({ where: 'exported CSV', text: readFileSync(await history.downloadBy('导出 CSV'), 'utf8') });
    seen.push({ where: 'exported JSON', text: readFileSync(await history.downloadBy('导出 JSON'), 'utf8') });
    await collectAndClose(history.page, 'history');

    const sw = await browser.currentServiceWorker();
    await sw.evaluate(() => console.log('console-capture-check: service worker'));
    seen.push({ where: 'IndexedDB', text: JSON.stringify(await dumpIndexedDb(sw)) });
    const storage = await dumpStorage(sw);
    for (const [area, items] of Object.entries(storage)) {
      for (const [key, value] of Object.entries(items)) seen.push({ where: `storage.${area} ${key}`, text: JSON.stringify(value) });
    }
    // Console messages arrive asynchronously: wait for the worker's marker itself.
    await vi.waitFor(() => expect(consoleLines.some((line) => line.includes('console-capture-check: service worker'))).toBe(true), { timeout: 5_000 });
  });

  afterAll(() => suite?.stop());

  /** Access tokens the extension used, as WeChat received them. */
  function issuedTokens(): string[] {
    return [...new Set(standIn.requestsTo('/cgi-bin/qrcode/create').map((r) => r.query.access_token ?? ''))].filter(Boolean);
  }

  it('the search covers real material: replies, exports, logs, history and storage', () => {
    expect(replies.length).toBeGreaterThan(10);
    const types = new Set(replies.map((r) => r.type));
    for (const type of ['getSettings', 'saveAccount', 'testConnection', 'createQrCode']) expect(types).toContain(type);
    expect(replies.filter((r) => r.type === 'createQrCode').length).toBeGreaterThanOrEqual(6);
    // The failed create's reply is among them, with the IP WeChat saw.
    expect(replies.some((r) => r.type === 'createQrCode' && r.reply.includes('"success":false') && r.reply.includes('1.2.3.4'))).toBe(true);

    const text = (where: string) => seen.find((s) => s.where === where)?.text ?? '';
    expect(text('exported CSV')).toContain('salesperson-42');
    expect(JSON.parse(text('exported JSON')).records).toHaveLength(5);
    expect(text('IndexedDB')).toContain('after-whitelist-fix');
    expect(consoleLines).toEqual(expect.arrayContaining([expect.stringContaining('options page'), expect.stringContaining('service worker')]));

    // A token was replaced after the failure: two tokens to look for.
    expect(issuedTokens().length).toBeGreaterThanOrEqual(2);
    // The storage dump is real: the secret and a token are where they belong.
    expect(text('storage.local accounts')).toContain(TEST_APP_SECRET);
    expect(text(`storage.session accessToken:${TEST_APP_ID}`)).toMatch(ISSUED_TOKEN);
  });

  it('the AppSecret is only in the stored accounts', () => {
    const found = seen.filter((s) => s.text.includes(TEST_APP_SECRET)).map((s) => s.where);
    expect(found).toEqual(['storage.local accounts']);
  });

  it('no access token reaches a page, a log, the history or an export; only the session token cache holds one', () => {
    const tokens = new Set(issuedTokens());
    for (const { text } of seen) for (const match of text.matchAll(ISSUED_TOKEN)) tokens.add(match[0]);
    const found = seen.filter((s) => [...tokens].some((token) => s.text.includes(token))).map((s) => s.where);
    expect(found).toEqual([`storage.session accessToken:${TEST_APP_ID}`]);
  });
});
