import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeQR } from 'qr';
import { type FollowerState, type GeneratedFollower, createFollowerState, handleFollowerRequest } from './follower-base';
import { makeSelfSignedCert } from './self-signed-cert';

/**
 * A local WeChat that follows ../shared/docs/wechat-qr-api.md: stable and classic tokens that expire,
 * qrcode/create with WeChat's validation and errcodes, showqrcode that 404s for unknown tickets (and
 * for tickets that were not url-encoded exactly once), and the follower doors user/get and
 * user/info/batchget over a generated follower base (follower-base.ts). Tests inject faults and read
 * what it received.
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

interface IssuedToken {
  appId: string;
  expiresAt: number;
}

interface IssuedTicket {
  url: string;
  expiresAt: number | null;
}

const STABLE = '/cgi-bin/stable_token';
const CLASSIC = '/cgi-bin/token';
const CREATE = '/cgi-bin/qrcode/create';
const SHOW = '/cgi-bin/showqrcode';

const rid = () => `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
const err = (errcode: number, errmsg: string) => ({ errcode, errmsg: `${errmsg} rid: ${rid()}` });

/** Real tickets are base64 and carry +, / and =: every one we issue does. */
function newTicket(): string {
  return `gQH+/${randomBytes(32).toString('base64')}`;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export class WechatStandIn {
  readonly received: ReceivedRequest[] = [];
  tokenLifetimeSeconds = 7200;
  private readonly faults = new Map<string, Fault[]>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly stableTokens = new Map<string, string>();
  private readonly tickets = new Map<string, IssuedTicket>();
  private readonly permanentTickets = new Map<string, string>();
  private server?: Server;
  /** The follower base behind user/get and batchget; empty until `setFollowers`. */
  followers: FollowerState = createFollowerState([], { checkToken: (token) => this.tokenRefusal(token) });
  /** Requests being answered right now, the most seen at once, and the time spent with at least one open. */
  inFlight = 0;
  maxInFlight = 0;
  busyMs = 0;
  private busySince = 0;

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  async start(): Promise<this> {
    this.server = createServer(makeSelfSignedCert(), (req, res) =>
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

  /** Every token issued so far is now expired (42001), as after two hours. */
  expireAllTokens(): void {
    for (const token of this.tokens.values()) token.expiresAt = 0;
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
    const answered = () => {
      if (!open) return;
      open = false;
      if (--this.inFlight === 0) this.busyMs += performance.now() - this.busySince;
    };
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      answered();
      return end(...args);
    }) as ServerResponse['end'];
    res.once('close', answered);
    const url = new URL(req.url ?? '/', 'https://stand-in');
    const request: ReceivedRequest = {
      method: req.method ?? 'GET',
      host: req.headers.host ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: await readBody(req),
    };
    this.received.push(request);
    const fault = this.faults.get(request.path)?.shift();
    if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault && 'status' in fault) return this.send(res, fault.status, { message: 'injected' });
    if (fault && 'errcode' in fault) return this.send(res, 200, { errcode: fault.errcode, errmsg: fault.errmsg });
    if (request.path === SHOW) return this.showQrCode(request, res);
    const followerAnswer = handleFollowerRequest(request.path, request.query, request.body, this.followers);
    if (followerAnswer) return this.send(res, 200, followerAnswer);
    this.send(res, 200, this.answer(request));
  }

  private answer(request: ReceivedRequest): object {
    if (request.path === STABLE && request.method === 'POST') return this.stableToken(request.body as Record<string, unknown>);
    if (request.path === CLASSIC && request.method === 'GET') return this.classicToken(request.query);
    if (request.path === CREATE && request.method === 'POST') return this.createQrCode(request);
    if ([STABLE, CLASSIC, CREATE].includes(request.path)) return err(43002, 'require POST method');
    return err(40066, 'invalid url');
  }

  private checkCredentials(appid: unknown, secret: unknown, badSecretCode: number): object | undefined {
    if (typeof appid !== 'string' || !SECRETS.has(appid)) return err(40013, 'invalid appid');
    if (secret !== SECRETS.get(appid)) return err(badSecretCode, badSecretCode === 40125 ? 'invalid appsecret' : 'invalid credential');
    return undefined;
  }

  /** Whose token this is (the account a create request was made for), or undefined. */
  appIdOfToken(token: string): string | undefined {
    return this.tokens.get(token)?.appId;
  }

  /** A token as WeChat would issue one to the account's own central token server. */
  issueToken(appId: string): string {
    const token = `TOKEN_${randomBytes(12).toString('hex')}`;
    this.tokens.set(token, { appId, expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000 });
    return token;
  }

  private stableToken(body: Record<string, unknown> | null): object {
    if (body?.grant_type !== 'client_credential') return err(40002, 'invalid grant_type');
    const refused = this.checkCredentials(body.appid, body.secret, 40125);
    if (refused) return refused;
    const appId = body.appid as string;
    let token = this.stableTokens.get(appId);
    const issued = token ? this.tokens.get(token) : undefined;
    // Normal mode returns the same token while it is valid, with its remaining lifetime.
    if (!token || !issued || issued.expiresAt <= Date.now() || body.force_refresh === true) {
      token = this.issueToken(appId);
      this.stableTokens.set(appId, token);
    }
    const remaining = Math.ceil((this.tokens.get(token)!.expiresAt - Date.now()) / 1000);
    return { access_token: token, expires_in: remaining };
  }

  private classicToken(query: Record<string, string>): object {
    if (query.grant_type !== 'client_credential') return err(40002, 'invalid grant_type');
    const refused = this.checkCredentials(query.appid, query.secret, 40001);
    if (refused) return refused;
    return { access_token: this.issueToken(query.appid!), expires_in: this.tokenLifetimeSeconds };
  }

  /** Why a business call's access_token is refused, or undefined when it is good. */
  private tokenRefusal(token: string | undefined): object | undefined {
    if (!token) return err(41001, 'access_token missing');
    const issued = this.tokens.get(token);
    if (!issued) return err(40001, 'invalid credential, access_token is invalid or not latest');
    if (issued.expiresAt <= Date.now()) return err(42001, 'access_token expired');
    return undefined;
  }

  private createQrCode(request: ReceivedRequest): object {
    const refused = this.tokenRefusal(request.query.access_token);
    if (refused) return refused;
    const body = request.body as { action_name?: string; expire_seconds?: number; action_info?: { scene?: Record<string, unknown> } };
    if (typeof body !== 'object' || body === null) return err(47001, 'data format error');
    const scene = body.action_info?.scene ?? {};
    const action = body.action_name;
    const permanent = action === 'QR_LIMIT_SCENE' || action === 'QR_LIMIT_STR_SCENE';
    const wantsStr = action === 'QR_STR_SCENE' || action === 'QR_LIMIT_STR_SCENE';
    if (!['QR_SCENE', 'QR_STR_SCENE', 'QR_LIMIT_SCENE', 'QR_LIMIT_STR_SCENE'].includes(action ?? '')) return err(40052, 'invalid action name');
    const value = wantsStr ? scene.scene_str : scene.scene_id;
    const valid = wantsStr
      ? typeof value === 'string' && value.length > 0 && Buffer.byteLength(value) <= 64
      : Number.isInteger(value) && (value as number) >= 1 && (value as number) <= (permanent ? 100000 : 4294967295);
    if (!valid) return err(40053, 'invalid action info');
    if (permanent) {
      const key = `${action}:${String(value)}`;
      const existing = this.permanentTickets.get(key);
      const ticket = existing ?? newTicket();
      if (!existing) {
        this.permanentTickets.set(key, ticket);
        this.tickets.set(ticket, { url: `http://weixin.qq.com/q/${randomBytes(12).toString('base64url')}`, expiresAt: null });
      }
      return { ticket, url: this.tickets.get(ticket)!.url };
    }
    const expireSeconds = Math.min(typeof body.expire_seconds === 'number' ? body.expire_seconds : 60, 2592000);
    const ticket = newTicket();
    const url = `http://weixin.qq.com/q/${randomBytes(12).toString('base64url')}`;
    this.tickets.set(ticket, { url, expiresAt: Date.now() + expireSeconds * 1000 });
    return { ticket, expire_seconds: expireSeconds, url };
  }

  private showQrCode(request: ReceivedRequest, res: ServerResponse): void {
    if (request.method !== 'GET') return this.send(res, 200, { base_resp: { ret: 200005, err_msg: 'not supported' } });
    // query was decoded once by URLSearchParams, as WeChat does: a raw "+" became a space and misses.
    const issued = this.tickets.get(request.query.ticket ?? '');
    if (!issued || (issued.expiresAt !== null && issued.expiresAt <= Date.now())) {
      res.writeHead(404, { 'Content-Type': 'text/html' }).end('not found');
      return;
    }
    const image = encodeQR(issued.url, 'gif', { scale: 10, border: 2 });
    res.writeHead(200, { 'Content-Type': 'image/gif', 'Cache-Control': 'max-age=604800' }).end(Buffer.from(image));
  }

  private send(res: ServerResponse, status: number, body: object): void {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  }
}
