import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * A real WebDAV server for the tests: Debian's Apache 2.4 with mod_dav / mod_dav_fs, the reference
 * implementation (RFC 4918), as a private instance: its own config file, ServerRoot, DocumentRoot,
 * lock database, logs and htpasswd in one temp folder, on a free port of 127.0.0.1, Basic auth.
 *
 * Plain http: the extension accepts http:// only for a server on this computer (as for token servers,
 * utils/accounts/token-server.ts), and the tests' server is on this computer, so the code under test
 * is the real path an operator with a NAS on localhost takes. TLS failures are tested in the client's
 * unit test against a server with a throwaway certificate instead.
 *
 * Faults without a proxy in front: a RewriteMap text file (re-read by Apache whenever it changes)
 * holds switches the rules in the config read on every request:
 * - `busy 429|503` + `retry N`: every request answers that status with `Retry-After: N`;
 * - `full 1`: PUT and MKCOL answer 507 Insufficient Storage (mod_dav_fs in 2.4 has no quota of its
 *   own, and a filesystem quota needs root and a mount: the switch gives the same answer a full
 *   坚果云 or Nextcloud gives).
 * `stop()` / `start()` stop and start the same instance on the same port mid-test (SIGTERM: Apache
 * drops requests in flight, as a server going away does).
 */
export interface ApacheWebDavOptions {
  user?: string;
  password?: string;
}

const MODULES = '/usr/lib/apache2/modules';
const APACHE = process.env.APACHE_BIN ?? '/usr/sbin/apache2';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

export class ApacheWebDav {
  readonly user: string;
  readonly password: string;
  /** The temp ServerRoot: config, logs, htpasswd, the lock db and htdocs/ all live here. */
  readonly root: string;
  /** DocumentRoot on disk; the WebDAV URL's `/dav/` is `<documentRoot>/dav`. */
  readonly documentRoot: string;
  private process?: ChildProcess;
  private flags: Record<string, string> = {};

  private constructor(
    readonly port: number,
    options: ApacheWebDavOptions,
  ) {
    this.user = options.user ?? 'operator';
    this.password = options.password ?? 'app-password-5k2m';
    this.root = mkdtempSync(join(tmpdir(), 'scene-qr-apache-'));
    this.documentRoot = join(this.root, 'htdocs');
  }

  static async start(options: ApacheWebDavOptions = {}): Promise<ApacheWebDav> {
    const server = new ApacheWebDav(await freePort(), options);
    server.writeFiles();
    await server.start();
    return server;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The URL an operator types: the WebDAV base, under which the root folder is made. */
  get url(): string {
    return `${this.origin}/dav/`;
  }

  /** Where a request log line goes: method, path, status (for counting requests). */
  private get accessLog(): string {
    return join(this.root, 'access.log');
  }

  private writeFiles(): void {
    const dirs = ['run', 'lock', 'htdocs', 'htdocs/dav'].map((dir) => join(this.root, dir));
    for (const dir of dirs) mkdirSync(dir, { recursive: true });
    // Run as root (CI containers), Apache drops to `User`; its children must then reach these.
    const asRoot = process.getuid?.() === 0;
    chmodSync(this.root, 0o755);
    if (asRoot) for (const dir of [join(this.root, 'lock'), this.documentRoot, join(this.documentRoot, 'dav')]) chownSync(dir, 65534, 65534);
    execFileSync('htpasswd', ['-c', '-b', '-B', '-C', '4', join(this.root, 'htpasswd'), this.user, this.password], { stdio: 'ignore' });
    this.writeFlags();
    const load = (name: string, file = name) => `LoadModule ${name}_module ${MODULES}/mod_${file}.so`;
    const config = [
      `ServerRoot "${this.root}"`,
      'ServerName 127.0.0.1',
      `Listen 127.0.0.1:${this.port}`,
      `PidFile "${this.root}/run/apache.pid"`,
      `DefaultRuntimeDir "${this.root}/run"`,
      `Mutex file:${this.root}/run default`,
      `ErrorLog "${this.root}/error.log"`,
      'LogLevel warn',
      load('mpm_event'),
      ...['authn_core', 'authn_file', 'authz_core', 'authz_user', 'auth_basic', 'dav', 'dav_fs', 'rewrite', 'headers'].map((name) => load(name)),
      ...(asRoot ? ['User nobody', 'Group nogroup'] : []),
      'StartServers 1',
      'ServerLimit 2',
      'ThreadsPerChild 16',
      'KeepAlive On',
      'Timeout 30',
      `DocumentRoot "${this.documentRoot}"`,
      `DAVLockDB "${this.root}/lock/DAVLock"`,
      'LogFormat "%m %U %>s %B" dav',
      `CustomLog "${this.accessLog}" dav`,
      `RewriteMap flags "txt:${this.root}/flags.txt"`,
      `<Directory "${this.documentRoot}">`,
      '  Dav On',
      '  AuthType Basic',
      '  AuthName "Scene QR test WebDAV"',
      `  AuthUserFile "${this.root}/htpasswd"`,
      '  Require valid-user',
      '  RewriteEngine On',
      ...[429, 503].flatMap((status) => [
        `  RewriteCond \${flags:busy|-} =${status}`,
        '  RewriteCond ${flags:retry|1} ^([0-9]+)$',
        `  RewriteRule ^ - [R=${status},E=RETRY_AFTER:%1,L]`,
      ]),
      '  RewriteCond %{REQUEST_METHOD} ^(PUT|MKCOL)$',
      '  RewriteCond ${flags:full|-} =1',
      '  RewriteRule ^ - [R=507,L]',
      '  Header always set Retry-After "%{RETRY_AFTER}e" env=RETRY_AFTER',
      '</Directory>',
      '',
    ];
    writeFileSync(join(this.root, 'apache.conf'), config.join('\n'));
  }

  private writeFlags(): void {
    const lines = Object.entries(this.flags).map(([key, value]) => `${key} ${value}`);
    const file = join(this.root, 'flags.txt');
    writeFileSync(file, lines.join('\n') + '\n');
    chmodSync(file, 0o644);
  }

  /** Every request answers `status` with `Retry-After: retryAfterSeconds` until `busy(null)`. */
  busy(status: 429 | 503 | null, retryAfterSeconds = 1): void {
    if (status === null) delete this.flags.busy;
    else Object.assign(this.flags, { busy: String(status), retry: String(retryAfterSeconds) });
    this.writeFlags();
  }

  /** PUT and MKCOL answer 507 (the account's space is full) until `full(false)`. */
  full(on: boolean): void {
    if (on) this.flags.full = '1';
    else delete this.flags.full;
    this.writeFlags();
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  /** Starts (or starts again, on the same port and files) and resolves once it accepts connections. */
  async start(): Promise<void> {
    if (this.process) return;
    const child = spawn(APACHE, ['-f', join(this.root, 'apache.conf'), '-DFOREGROUND'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let exited = false;
    child.once('exit', () => (exited = true));
    this.process = child;
    const deadline = Date.now() + 15_000;
    while (!(await accepts(this.port))) {
      if (exited || Date.now() > deadline) {
        this.process = undefined;
        throw new Error(`Apache did not start: ${stderr}${this.errorLog()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Stops at once (requests in flight are cut off) and resolves once the port is free. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child) return;
    this.process = undefined;
    const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
    child.kill('SIGTERM');
    await exited;
  }

  /** Stops and removes every file of the instance. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.root, { recursive: true, force: true });
  }

  errorLog(): string {
    const file = join(this.root, 'error.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /** Every request so far, oldest first. */
  requests(): { method: string; path: string; status: number }[] {
    if (!existsSync(this.accessLog)) return [];
    return readFileSync(this.accessLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [method, path, status] = line.split(' ');
        return { method: method!, path: path!, status: Number(status) };
      });
  }

  /** Every file under the WebDAV base on disk (path relative to `/dav/`), with its bytes: what the host sees. */
  files(): { path: string; bytes: Buffer }[] {
    const base = join(this.documentRoot, 'dav');
    const out: { path: string; bytes: Buffer }[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else out.push({ path: relative(base, full), bytes: readFileSync(full) });
      }
    };
    walk(base);
    return out;
  }

  /** Bytes on disk under the WebDAV base. */
  spaceUsed(): number {
    return this.files().reduce((sum, file) => sum + file.bytes.length, 0);
  }
}
