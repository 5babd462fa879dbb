import { type Server, type Socket, connect, createServer } from 'node:net';

/**
 * A TCP proxy in front of a local HTTP server that can cut an upload off half-way: the sync tests'
 * "the server stopped mid-upload". Armed with `cutDuring`, it lets the `nth` request whose request
 * line matches through up to its head and part of its body, then drops both connections and runs
 * `then` (stopping the server behind it), so the server sees a PUT that never finished and the
 * extension a connection that broke, exactly as when a NAS goes away during a sync.
 */
interface Cut {
  pattern: RegExp;
  left: number;
  then: () => Promise<void>;
  done: (line: string) => void;
}

export class CutProxy {
  private readonly sockets = new Set<Socket>();
  /** Every request line seen, oldest first (for a failing test's message). */
  readonly seen: string[] = [];
  private cut?: Cut;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number): Promise<CutProxy> {
    const holder: { proxy?: CutProxy } = {};
    const server = createServer((client) => holder.proxy!.relay(client, targetPort));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('proxy has no port');
    holder.proxy = new CutProxy(server, address.port);
    return holder.proxy;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Resolves with the request line it cut, once the `nth` request matching `pattern` was cut and `then` ran. */
  cutDuring(pattern: RegExp, nth: number, then: () => Promise<void>): Promise<string> {
    return new Promise((done) => (this.cut = { pattern, left: nth, then, done }));
  }

  private relay(client: Socket, targetPort: number): void {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    let cutting = false;
    client.on('data', (chunk: Buffer) => {
      if (cutting) return;
      const point = this.cutPoint(chunk);
      if (point === undefined) return void upstream.write(chunk);
      cutting = true;
      upstream.write(chunk.subarray(0, point.bytes), () => void this.fire(point, [client, upstream]));
    });
  }

  /** Where in this chunk to cut (the matching request's head and half of the body bytes that follow), if at all. */
  private cutPoint(chunk: Buffer): { bytes: number; line: string; cut: Cut } | undefined {
    const text = chunk.toString('latin1');
    // Not anchored to a line start: a request sent right after the previous one's body shares its chunk.
    for (const match of text.matchAll(/(?:GET|PUT|PROPFIND|MKCOL|DELETE|HEAD|OPTIONS) \/\S* HTTP\/1\.1\r\n/g)) {
      this.seen.push(match[0].trim());
      const cut = this.cut;
      if (!cut || !cut.pattern.test(match[0]) || --cut.left > 0) continue;
      this.cut = undefined;
      const line = match[0].trim();
      const headEnd = text.indexOf('\r\n\r\n', match.index);
      if (headEnd < 0) return { bytes: match.index + match[0].length, line, cut };
      const bodyStart = headEnd + 4;
      return { bytes: bodyStart + Math.floor((chunk.length - bodyStart) / 2), line, cut };
    }
    return undefined;
  }

  /**
   * The server goes first, then the connections: dropped first, the extension's retry could reach a
   * server still shutting down and finish the upload, and the test would test nothing.
   */
  private async fire({ line, cut }: { line: string; cut: Cut }, sockets: Socket[]): Promise<void> {
    await cut.then();
    for (const socket of sockets) socket.destroy();
    cut.done(line);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
