import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WechatStandIn } from './wechat-stand-in';

/**
 * An account's central token server (中控服务器): GET /token with the right header answers
 * {access_token, expires_in} with a token the WeChat stand-in issued for the account; anything
 * else is 401. Plain http on 127.0.0.1, which the extension accepts for a server on this machine.
 */
export class LocalTokenServer {
  readonly requests: IncomingHttpHeaders[] = [];
  /** When set, every request gets this answer instead: a broken token server (or relay). */
  fault?: { status: number; contentType: string; body: string };
  private server?: Server;

  constructor(
    private readonly standIn: WechatStandIn,
    private readonly appId: string,
    readonly headerName = 'X-Token-Key',
    readonly headerValue = 'central-server-key-7f3a',
  ) {}

  get origin(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  get url(): string {
    return `${this.origin}/token`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.requests.push(req.headers);
      if (this.fault) {
        res.writeHead(this.fault.status, { 'Content-Type': this.fault.contentType });
        res.end(this.fault.body);
        return;
      }
      const authorised = req.url === '/token' && req.headers[this.headerName.toLowerCase()] === this.headerValue;
      res.writeHead(authorised ? 200 : 401, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify(authorised ? { access_token: this.standIn.issueToken(this.appId), expires_in: 7200 } : { errcode: 40001, errmsg: 'unauthorised' }),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
