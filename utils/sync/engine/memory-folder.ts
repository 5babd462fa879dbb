import type { RemoteEntry, RemoteFolder } from '../remote-folder';

/**
 * A RemoteFolder in memory, as strict as the seam says (create never overwrites, reading a missing
 * file rejects, removing one is no error), with the requests counted and a switch that cuts the
 * connection after so many requests: for the engine's tests.
 */
export class MemoryFolder implements RemoteFolder {
  readonly files = new Map<string, Uint8Array>();
  requests = 0;
  /** Fail every request after this many more (a server stopped mid-sync). */
  cutAfter: number | undefined;
  /** Run right before a request is answered (a second browser acting in between, in tests). */
  beforeRequest: ((kind: string, name?: string) => void | Promise<void>) | undefined;

  private async request(kind: string, name?: string): Promise<void> {
    await this.beforeRequest?.(kind, name);
    this.requests++;
    if (this.cutAfter !== undefined) {
      if (this.cutAfter <= 0) throw new Error('connection cut (memory folder)');
      this.cutAfter--;
    }
  }

  async ensure(): Promise<void> {
    await this.request('ensure');
  }

  async list(): Promise<RemoteEntry[]> {
    await this.request('list');
    return [...this.files].map(([name, body]) => ({ name, size: body.length }));
  }

  async read(name: string): Promise<Uint8Array> {
    await this.request('read', name);
    const body = this.files.get(name);
    if (!body) throw new Error(`not found: ${name}`);
    return body.slice();
  }

  async create(name: string, body: Uint8Array): Promise<'created' | 'exists'> {
    await this.request('create', name);
    if (this.files.has(name)) return 'exists';
    this.files.set(name, body.slice());
    return 'created';
  }

  async remove(name: string): Promise<void> {
    await this.request('remove', name);
    this.files.delete(name);
  }

  /** Bytes on the "server". */
  size(): number {
    let total = 0;
    for (const body of this.files.values()) total += body.length;
    return total;
  }
}
