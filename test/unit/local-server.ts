import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalServer {
  /** http://127.0.0.1:port */
  origin: string;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 for transport tests (use with `@vitest-environment node`, so fetch is Node's). */
export async function startLocalServer(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<LocalServer> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An origin where nothing listens: a server's port, once that server is closed. */
export async function closedOrigin(): Promise<string> {
  const server = await startLocalServer((_req, res) => res.end());
  await server.close();
  return server.origin;
}
