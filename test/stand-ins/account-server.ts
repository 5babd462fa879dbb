import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the account's own server (the URL set in 公众平台 → 基本配置 → 服务器配置), in plain-text
 * mode: it answers WeChat's URL-verification GET and takes event POSTs, checking the signature with
 * its own token the way the SDKs do (node:crypto here, independent of the extension's WebCrypto code).
 * It listens on http://127.0.0.1 (port chosen by the OS): the extension reaches it through the
 * optional host permission for http://127.0.0.1/*. Tests switch `mode` to make it misbehave.
 */

export type AccountServerMode =
  /** Behaves like a correct server. */
  | 'ok'
  /** Verification GETs are answered 200 with `wrongEchoBody` instead of echostr; POSTs as 'ok'. */
  | 'wrong-echo'
  /** Every request is answered 500. */
  | 'status-500'
  /** Every request waits `slowMs` before being handled as 'ok' (WeChat gives up after 5 s). */
  | 'slow'
  /** The socket is destroyed without an answer. */
  | 'reset';

export const ACCOUNT_SERVER_PATH = '/wechat';
export const DEFAULT_SERVER_TOKEN = 'SceneQRTestToken';

export interface ReceivedVerification {
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  signatureOk: boolean;
}

export interface ReceivedPush {
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The raw body as received (UTF-8). */
  body: string;
  signatureOk: boolean;
  /** The top-level elements of the XML with CDATA joined, or null when the body is not well-formed. */
  fields: Record<string, string> | null;
  /** Why the body was refused as XML, when it was. */
  xmlError?: string;
}

/** sha1(sorted([token, timestamp, nonce]).join('')) as hex: what every SDK checks. */
export function signatureFor(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * Reads a WeChat push (`<xml>` with flat child elements) strictly by XML 1.0's rules: CDATA must be
 * closed, character data may not hold `<`, a bare `&` or `]]>`, tags must match, only XML characters.
 * Adjacent CDATA sections and text join, as any XML parser joins them. Throws on the first violation.
 * (happy-dom's DOMParser has no CDATA support at all, so unit tests use this too.)
 */
export function parseWeChatXml(xml: string): Record<string, string> {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at offset ${i}: ${JSON.stringify(xml.slice(i, i + 24))}`);
  };
  const expect = (text: string) => {
    if (!xml.startsWith(text, i)) fail(`expected ${JSON.stringify(text)}`);
    i += text.length;
  };
  const skipSpace = () => {
    while (i < xml.length && ' \t\r\n'.includes(xml[i]!)) i++;
  };
  const name = (): string => {
    const match = /^[A-Za-z_][\w.-]*/.exec(xml.slice(i));
    if (!match) return fail('expected an element name');
    i += match[0].length;
    return match[0];
  };

  const bad = NOT_XML_CHAR.exec(xml);
  if (bad) {
    i = bad.index;
    fail(`U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} is not an XML character`);
  }
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) fail('unterminated XML declaration');
    i = end + 2;
  }
  skipSpace();
  expect('<xml>');
  const fields: Record<string, string> = {};
  for (;;) {
    skipSpace();
    if (xml.startsWith('</xml>', i)) {
      i += '</xml>'.length;
      break;
    }
    expect('<');
    const tag = name();
    expect('>');
    let text = '';
    while (!xml.startsWith('</', i)) {
      if (i >= xml.length) fail(`unexpected end inside <${tag}>`);
      if (xml.startsWith('<![CDATA[', i)) {
        const end = xml.indexOf(']]>', i + 9);
        if (end < 0) fail('unterminated CDATA section');
        text += xml.slice(i + 9, end);
        i = end + 3;
      } else if (xml[i] === '<') {
        fail(`nested markup inside <${tag}>`);
      } else if (xml.startsWith(']]>', i)) {
        fail("']]>' in character data");
      } else if (xml[i] === '&') {
        const match = /^&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/.exec(xml.slice(i));
        if (!match) return fail('bare & in character data');
        const [, named, decimal, hex] = match;
        text += named ? XML_ENTITIES[named]! : String.fromCodePoint(decimal ? Number(decimal) : Number.parseInt(hex!, 16));
        i += match[0].length;
      } else {
        text += xml[i++];
      }
    }
    expect('</');
    if (name() !== tag) fail(`</…> does not close <${tag}>`);
    expect('>');
    if (tag in fields) fail(`<${tag}> appears twice`);
    fields[tag] = text;
  }
  skipSpace();
  if (i !== xml.length) fail('content after </xml>');
  return fields;
}

function queryOf(req: IncomingMessage): Record<string, string> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  return Object.fromEntries(url.searchParams);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, text: string): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export class AccountServer {
  /** Every event POST that reached the server, including refused ones (see signatureOk / fields). */
  readonly received: ReceivedPush[] = [];
  /** Every URL-verification GET that reached the server. */
  readonly verifications: ReceivedVerification[] = [];
  mode: AccountServerMode = 'ok';
  /** How long 'slow' waits before answering. */
  slowMs = 6000;
  /** What 'wrong-echo' answers instead of echostr (a server that treats the GET as a push). */
  wrongEchoBody = 'success';
  readonly token: string;
  private server?: Server;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(options: { token?: string; mode?: AccountServerMode } = {}) {
    this.token = options.token ?? DEFAULT_SERVER_TOKEN;
    this.mode = options.mode ?? 'ok';
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  /** The server URL an operator would enter: http://127.0.0.1:PORT/wechat */
  get url(): string {
    return `http://127.0.0.1:${this.port}${ACCOUNT_SERVER_PATH}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private signatureOk(query: Record<string, string>): boolean {
    const { signature, timestamp, nonce } = query;
    if (!signature || !timestamp || !nonce) return false;
    return signature === signatureFor(this.token, timestamp, nonce);
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  /** 'reset', 'status-500' and 'slow' apply to every request; true when the request is finished. */
  private async misbehave(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (this.mode === 'reset') {
      req.socket.destroy();
      return true;
    }
    if (this.mode === 'status-500') {
      send(res, 500, 'internal server error');
      return true;
    }
    if (this.mode === 'slow') {
      await this.delay(this.slowMs);
      return res.destroyed;
    }
    return false;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const query = queryOf(req);
    const body = await readBody(req);
    if (path !== ACCOUNT_SERVER_PATH) return send(res, 404, 'not found');
    if (req.method === 'GET') return this.verify(req, res, query);
    if (req.method === 'POST') return this.push(req, res, query, body);
    res.setHeader('Allow', 'GET, POST');
    send(res, 405, 'method not allowed');
  }

  private async verify(req: IncomingMessage, res: ServerResponse, query: Record<string, string>): Promise<void> {
    const signatureOk = this.signatureOk(query);
    this.verifications.push({ query, headers: req.headers, signatureOk });
    if (await this.misbehave(req, res)) return;
    if (!signatureOk) return send(res, 401, 'invalid signature');
    if (query.echostr === undefined) return send(res, 400, 'missing echostr');
    send(res, 200, this.mode === 'wrong-echo' ? this.wrongEchoBody : query.echostr);
  }

  private async push(req: IncomingMessage, res: ServerResponse, query: Record<string, string>, body: string): Promise<void> {
    const signatureOk = this.signatureOk(query);
    let fields: Record<string, string> | null = null;
    let xmlError: string | undefined;
    try {
      fields = parseWeChatXml(body);
    } catch (error) {
      xmlError = (error as Error).message;
    }
    this.received.push({ query, headers: req.headers, body, signatureOk, fields, ...(xmlError ? { xmlError } : {}) });
    if (await this.misbehave(req, res)) return;
    if (!signatureOk) return send(res, 401, 'invalid signature');
    if (!/\bxml\b/i.test(req.headers['content-type'] ?? '')) return send(res, 415, 'expected text/xml');
    if (xmlError) return send(res, 400, `malformed xml: ${xmlError}`);
    send(res, 200, 'success');
  }
}
