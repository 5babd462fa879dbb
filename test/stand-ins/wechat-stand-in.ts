import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FollowerState, type GeneratedFollower, USER_BATCHGET, USER_GET, createFollowerState, handleFollowerRequest, unfollow } from './follower-base';
import { CLEAR_QUOTA_V2, OpenApiDiagnostics, QUOTA_GET, RID_GET } from './openapi-diagnostics';
import { qrCodeJpeg } from './qr-jpeg';
import { checkCreateBody } from './qrcode-rules';
import { makeSelfSignedCert } from './self-signed-cert';
import { StandInClock } from './stand-in-clock';
import { TAG_METHODS, TagBase } from './tag-base';
import { TokenRegistry } from './wechat-tokens';

/**
 * A local WeChat as strict as the contract the extension is written against: docs/wechat-api.md;
 * section numbers below are its.
 * - §3 tokens: stable and classic tokens that expire; a classic fetch leaves the previous classic
 *   token 5 minutes; a forced stable refresh refuses the previous stable token (wechat-tokens.ts);
 * - §1 qrcode/create with WeChat's validation and errcodes (qrcode-rules.ts);
 * - §2 showqrcode: a JPEG for a live ticket, 404 for an unknown or expired one (and for tickets
 *   that were not url-encoded exactly once), WeChat's base_resp for a POST;
 * - §7 the follower doors user/get (GET) and user/info/batchget (POST) over a generated follower
 *   base (follower-base.ts);
 * - §9 the tag doors (tags/get, create, update, members/batchtagging and batchuntagging) over the
 *   same followers' tagid_list (tag-base.ts): tests read membership with `tagBase.membersOf` and make
 *   followers unfollow between the list read and a tagging call with `unfollow`;
 * - §4 a wrong HTTP method is refused with 43002 on every JSON endpoint;
 * - §8 daily quotas counted from real calls, quota/get, rid/get over recorded requests, clear_quota/v2
 *   (openapi-diagnostics.ts), and 61004 for token calls from an IP off the whitelist (`setIpWhitelist`).
 * Time is `clock` (stand-in-clock.ts): tests move it on instead of sleeping. Tests inject faults
 * and read what it received.
 */
export const TEST_APP_ID = 'wx1234567890abcdef';
export const TEST_APP_SECRET = '0123456789abcdef0123456789abcdef';
/** A second account, for tests of several accounts. */
export const SECOND_APP_ID = 'wxfedcba9876543210';
export const SECOND_APP_SECRET = 'fedcba9876543210fedcba9876543210';
const SECRETS = new Map([
  [TEST_APP_ID, TEST_APP_SECRET],
  [SECOND_APP_ID, SECOND_APP_SECRET],
]);

export interface ReceivedRequest {
  method: string;
  /** The Host header: api.weixin.qq.com, or another name when the extension was pointed at a relay. */
  host: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, or the raw text when it is not JSON, or null when empty. */
  body: unknown;
}

export type Fault = { errcode: number; errmsg: string } | { status: number } | { delayMs: number };

interface IssuedTicket {
  url: string;
  expiresAt: number | null;
}

/** The Content-Type showqrcode answers with, as WeChat's image server sends it. */
export const SHOWQRCODE_CONTENT_TYPE = 'image/jpg';
const STABLE = '/cgi-bin/stable_token';
const CLASSIC = '/cgi-bin/token';
const CREATE = '/cgi-bin/qrcode/create';
const SHOW = '/cgi-bin/showqrcode';
/** §1, §3, §7: the one method each JSON endpoint takes. */
const METHODS: Record<string, 'GET' | 'POST'> = {
  [STABLE]: 'POST',
  [CLASSIC]: 'GET',
  [CREATE]: 'POST',
  [USER_GET]: 'GET',
  [USER_BATCHGET]: 'POST',
  [QUOTA_GET]: 'POST',
  [RID_GET]: 'POST',
  [CLEAR_QUOTA_V2]: 'POST',
  ...TAG_METHODS,
};

/** What an account that is not a verified service account may not call (§1, §7, §9: the tags are 用户管理 too). */
const UNAUTHORIZED_WHEN_UNVERIFIED = new Set([CREATE, USER_GET, USER_BATCHGET, ...Object.keys(TAG_METHODS)]);

const rid = () => `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
const err = (errcode: number, errmsg: string) => ({ errcode, errmsg: `${errmsg} rid: ${rid()}` });

/** Real tickets are base64 and carry +, / and =: every one we issue does. */
function newTicket(): string {
  return `gQH+/${randomBytes(32).toString('base64')}`;
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export class WechatStandIn {
  readonly received: ReceivedRequest[] = [];
  readonly clock = new StandInClock();
  private readonly tokens = new TokenRegistry(this.clock, err);
  private readonly faults = new Map<string, Fault[]>();
  private readonly outages = new Map<string, number>();
  /** Answers still being written, to wait for (`openRequestsAnswered`). */
  private readonly open = new Set<Promise<void>>();
  private readonly tickets = new Map<string, IssuedTicket>();
  private readonly permanentTickets = new Map<string, string>();
  private server?: Server;
  /** §8 quotas and rid records. */
  readonly diagnostics = new OpenApiDiagnostics(err);
  /** IPs token calls are answered from; undefined: every IP (the whitelist is off). */
  private ipWhitelist?: ReadonlySet<string>;
  /** AppIDs of accounts that are not verified service accounts: codes and followers answer 48001. */
  private readonly unverified = new Set<string>();
  /** The follower base behind user/get and batchget; empty until `setFollowers`. */
  followers: FollowerState = createFollowerState([], { checkToken: (token) => this.tokenRefusal(token) });
  /** §9 the account's tags; who carries them is the follower base's tagid_list. */
  readonly tagBase = new TagBase(() => this.followers, err);
  /** Requests being answered right now, the most seen at once, and the time spent with at least one open. */
  inFlight = 0;
  maxInFlight = 0;
  busyMs = 0;
  private busySince = 0;

  get tokenLifetimeSeconds(): number {
    return this.tokens.lifetimeSeconds;
  }

  set tokenLifetimeSeconds(seconds: number) {
    this.tokens.lifetimeSeconds = seconds;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  async start(): Promise<this> {
    this.server = createServer(
      makeSelfSignedCert(),
      (req, res) =>
        // A client gone mid-request (a service worker Chrome stopped) aborts the body read: nothing to answer.
        void this.handle(req, res).catch((thrown: unknown) => {
          if ((thrown as { code?: string }).code !== 'ECONNRESET') throw thrown;
        }),
    );
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next calls to `path` answer with these faults, one each, in order. */
  queueFault(path: string, ...faults: Fault[]): void {
    this.faults.set(path, [...(this.faults.get(path) ?? []), ...faults]);
  }

  /** Until called again with undefined, calls to `path` with no queued fault answer HTTP `status` (WeChat or a relay down). */
  setOutage(path: string, status: number | undefined): void {
    if (status === undefined) this.outages.delete(path);
    else this.outages.set(path, status);
  }

  /** From now on token calls from an IP not in `ips` answer 61004 (§4); undefined turns the whitelist off. */
  setIpWhitelist(ips: readonly string[] | undefined): void {
    this.ipWhitelist = ips && new Set(ips);
  }

  /**
   * The account is a subscription or unverified account (§4 48001): qrcode/create, user/get, batchget and
   * the tag doors refuse its tokens with "api unauthorized", before the call is counted. Tokens still work.
   */
  setUnverified(appId: string, unverified = true): void {
    if (unverified) this.unverified.add(appId);
    else this.unverified.delete(appId);
  }

  /** Every token issued so far is now expired (42001), as after two hours. */
  expireAllTokens(): void {
    this.tokens.expireAll();
  }

  /** Resolves once every request open now has been answered (or its client went away). */
  async openRequestsAnswered(): Promise<void> {
    await Promise.all([...this.open]);
  }

  requestsTo(path: string): ReceivedRequest[] {
    return this.received.filter((r) => r.path === path);
  }

  tokenFetches(): ReceivedRequest[] {
    return this.received.filter((r) => r.path === STABLE || r.path === CLASSIC);
  }

  createBodies(): unknown[] {
    return this.requestsTo(CREATE).map((r) => r.body);
  }

  /** Replaces the follower base; token checks stay the stand-in's own (41001 / 40001 / 42001). */
  setFollowers(followers: GeneratedFollower[], options: Partial<Omit<FollowerState, 'followers' | 'checkToken'>> = {}): FollowerState {
    this.followers = createFollowerState(followers, { ...options, checkToken: (token) => this.tokenRefusal(token) });
    return this.followers;
  }

  /** These followers unfollow now: batchget answers them subscribe 0, and tag calls naming them 40003. */
  unfollow(openids: Iterable<string>): void {
    unfollow(this.followers, openids);
  }

  /** Forget requests and faults (issued tokens and tickets stay valid). */
  clearLog(): void {
    this.received.length = 0;
    this.faults.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.inFlight++ === 0) this.busySince = performance.now();
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    // Open until the answer is handed over (end()), not until Node reports the socket write done: the
    // client may have read it and sent its next request before that event runs.
    let open = true;
    let settle = () => {};
    const settled = new Promise<void>((resolve) => (settle = resolve));
    this.open.add(settled);
    const answered = () => {
      if (!open) return;
      open = false;
      if (--this.inFlight === 0) this.busyMs += performance.now() - this.busySince;
      this.open.delete(settled);
      settle();
    };
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      answered();
      return end(...args);
    }) as ServerResponse['end'];
    res.once('close', answered);
    const url = new URL(req.url ?? '/', 'https://stand-in');
    const startedAt = this.clock.now();
    const rawBody = await readText(req);
    const request: ReceivedRequest = {
      method: req.method ?? 'GET',
      host: req.headers.host ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: parseBody(rawBody),
    };
    const clientIp = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const sent = { url: `https://api.weixin.qq.com${req.url ?? '/'}`, rawBody, clientIp, startedAt };
    const send = (status: number, body: object) => {
      this.diagnostics.record(body, sent, this.clock.now());
      this.send(res, status, body);
    };
    this.received.push(request);
    const fault = this.faults.get(request.path)?.shift();
    if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault && 'status' in fault) return this.send(res, fault.status, { message: 'injected' });
    if (fault && 'errcode' in fault) return send(200, { errcode: fault.errcode, errmsg: fault.errmsg });
    const outage = fault ? undefined : this.outages.get(request.path);
    if (outage !== undefined) return this.send(res, outage, { message: 'outage' });
    if (request.path === SHOW) return this.showQrCode(request, res);
    const method = METHODS[request.path];
    if (method && request.method !== method) return send(200, err(43002, `require ${method} method`));
    if ((request.path === STABLE || request.path === CLASSIC) && this.ipWhitelist && !this.ipWhitelist.has(clientIp)) {
      return send(200, err(61004, `access clientip is not registered requestIP: ${clientIp}`));
    }
    if (UNAUTHORIZED_WHEN_UNVERIFIED.has(request.path) && this.unverified.has(this.appIdOfToken(request.query.access_token ?? '') ?? '')) {
      return send(200, err(48001, 'api unauthorized'));
    }
    const overQuota = this.countsAgainstQuota(request) ? this.diagnostics.count(request.path) : undefined;
    if (overQuota) return send(200, overQuota);
    const followerAnswer = handleFollowerRequest(request.path, request.query, request.body, this.followers);
    if (followerAnswer) return send(200, followerAnswer);
    const tagAnswer =
      request.path in TAG_METHODS ? (this.tokenRefusal(request.query.access_token) ?? this.tagBase.handle(request.path, request.body)) : undefined;
    if (tagAnswer) return send(200, tagAnswer);
    send(200, this.answer(request));
  }

  /** §8: a business call with a token counts; a call without a live token is refused before it is counted. */
  private countsAgainstQuota(request: ReceivedRequest): boolean {
    if (request.path === STABLE || request.path === CLASSIC) return true;
    return request.query.access_token !== undefined && this.tokenRefusal(request.query.access_token) === undefined;
  }

  private answer(request: ReceivedRequest): object {
    if (request.path === STABLE) return this.stableToken(request.body as Record<string, unknown> | null);
    if (request.path === CLASSIC) return this.classicToken(request.query);
    if (request.path === CREATE) return this.createQrCode(request);
    if (request.path === CLEAR_QUOTA_V2) return this.clearQuota(request);
    if (request.path === QUOTA_GET || request.path === RID_GET) {
      const refused = this.tokenRefusal(request.query.access_token);
      if (refused) return refused;
      return request.path === QUOTA_GET ? this.diagnostics.quotaGet(request.body) : this.diagnostics.ridGet(request.body);
    }
    return err(40066, 'invalid url');
  }

  /** §8 clear_quota/v2: appid + appsecret, in the query string as WeChat's example sends them, or a JSON body. */
  private clearQuota(request: ReceivedRequest): object {
    const given = { ...((request.body as Record<string, unknown> | null) ?? {}), ...request.query };
    if (typeof given.appid !== 'string' || given.appid === '') return err(41002, 'appid missing');
    if (typeof given.appsecret !== 'string' || given.appsecret === '') return err(41004, 'appsecret missing');
    const refused = this.checkCredentials(given.appid, given.appsecret, 40125);
    return refused ?? this.diagnostics.clear();
  }

  private checkCredentials(appid: unknown, secret: unknown, badSecretCode: number): object | undefined {
    if (typeof appid !== 'string' || !SECRETS.has(appid)) return err(40013, 'invalid appid');
    if (secret !== SECRETS.get(appid)) return err(badSecretCode, badSecretCode === 40125 ? 'invalid appsecret' : 'invalid credential');
    return undefined;
  }

  /** Whose token this is (the account a create request was made for), or undefined. */
  appIdOfToken(token: string): string | undefined {
    return this.tokens.appIdOf(token);
  }

  /**
   * The account's own production server calls /cgi-bin/token (§3): a new classic token, and the
   * one issued before it, perhaps the extension's, works 5 more minutes.
   */
  classicTokenFetchedElsewhere(appId: string): string {
    return this.tokens.classic(appId).access_token;
  }

  /** A token as WeChat would issue one to the account's own central token server. */
  issueToken(appId: string): string {
    return this.tokens.issue(appId, 'elsewhere');
  }

  private stableToken(body: Record<string, unknown> | null): object {
    if (body?.grant_type !== 'client_credential') return err(40002, 'invalid grant_type');
    const refused = this.checkCredentials(body.appid, body.secret, 40125);
    if (refused) return refused;
    return this.tokens.stable(body.appid as string, body.force_refresh === true);
  }

  private classicToken(query: Record<string, string>): object {
    if (query.grant_type !== 'client_credential') return err(40002, 'invalid grant_type');
    const refused = this.checkCredentials(query.appid, query.secret, 40001);
    if (refused) return refused;
    return this.tokens.classic(query.appid!);
  }

  /** Why a business call's access_token is refused, or undefined when it is good. */
  private tokenRefusal(token: string | undefined): object | undefined {
    return this.tokens.refuse(token);
  }

  private createQrCode(request: ReceivedRequest): object {
    const refused = this.tokenRefusal(request.query.access_token);
    if (refused) return refused;
    const code = checkCreateBody(request.body, err);
    if ('errcode' in code) return code;
    const newUrl = () => `http://weixin.qq.com/q/${randomBytes(12).toString('base64url')}`;
    if (code.permanent) {
      // §1: a permanent request for a scene that already has a code returns the same ticket.
      const key = `${code.action}:${String(code.value)}`;
      const existing = this.permanentTickets.get(key);
      const ticket = existing ?? newTicket();
      if (!existing) {
        this.permanentTickets.set(key, ticket);
        this.tickets.set(ticket, { url: newUrl(), expiresAt: null });
      }
      return { ticket, url: this.tickets.get(ticket)!.url };
    }
    const ticket = newTicket();
    const url = newUrl();
    this.tickets.set(ticket, { url, expiresAt: this.clock.now() + code.expireSeconds! * 1000 });
    return { ticket, expire_seconds: code.expireSeconds, url };
  }

  private showQrCode(request: ReceivedRequest, res: ServerResponse): void {
    if (request.method !== 'GET') return this.send(res, 200, { base_resp: { ret: 200005, err_msg: 'not supported' } });
    // query was decoded once by URLSearchParams, as WeChat does: a raw "+" became a space and misses.
    const issued = this.tickets.get(request.query.ticket ?? '');
    if (!issued || (issued.expiresAt !== null && issued.expiresAt <= this.clock.now())) {
      res.writeHead(404, { 'Content-Type': 'text/html' }).end('not found');
      return;
    }
    // §2: a JPEG. The contract names no Content-Type; WeChat's CDN sends the non-standard image/jpg.
    res.writeHead(200, { 'Content-Type': SHOWQRCODE_CONTENT_TYPE, 'Cache-Control': 'max-age=604800' }).end(qrCodeJpeg(issued.url));
  }

  private send(res: ServerResponse, status: number, body: object): void {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  }
}
