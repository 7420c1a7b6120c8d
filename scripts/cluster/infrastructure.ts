/**
 * The pieces `npm run test:cluster` starts around the app, all on 127.0.0.1
 * and all stopped again by `Stack.stop()`: a PostgreSQL primary, a streaming
 * replica made with `pg_basebackup -R`, PgBouncer (transaction pooling) in
 * front of the primary, and HAProxy (round robin) in front of the app
 * instances.
 *
 * PostgreSQL and PgBouncer refuse to run as root; as root (CI) they run as the
 * `postgres` user the Debian package creates, from a directory under /tmp that
 * user owns.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { postgresBinDir } from '../lib/postgres-bin';

export const HAPROXY_BIN = '/usr/sbin/haproxy';
export const PGBOUNCER_BIN = '/usr/sbin/pgbouncer';
export const APP_USER = 'skillgrid';
export const APP_PASSWORD = 'skillgrid-cluster';
export const APP_DATABASE = 'skillgrid';

/** What is missing to run the cluster test here; empty when everything is. */
export function missingBinaries(): string[] {
  const missing: string[] = [];
  const bin = postgresBinDir();
  if (!bin || !existsSync(path.join(bin, 'pg_basebackup'))) missing.push('PostgreSQL server (initdb, pg_basebackup)');
  if (!existsSync(HAPROXY_BIN)) missing.push(`haproxy (${HAPROXY_BIN})`);
  if (!existsSync(PGBOUNCER_BIN)) missing.push(`pgbouncer (${PGBOUNCER_BIN})`);
  return missing;
}

const isRoot = userInfo().uid === 0;

/** The command line that runs `command` as the database OS user. */
function asDbUser(command: string, args: string[]): [string, string[]] {
  return isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function runChecked(label: string, command: string, args: string[], log: (line: string) => void): string {
  const [cmd, argv] = asDbUser(command, args);
  const started = Date.now();
  // From / so the postgres user never needs to read the current directory.
  const result = spawnSync(cmd, argv, { cwd: '/', encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    log(result.stdout);
    log(result.stderr);
    throw new Error(`${label} failed (exit ${result.status ?? result.signal})`);
  }
  log(`[cluster] ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.stdout;
}

export interface Ports {
  primary: number;
  replica: number;
  pgbouncer: number;
}

/** Something started that must be stopped again, newest first. */
type Stopper = { label: string; stop: () => Promise<void> | void };

export class Stack {
  readonly root: string;
  private readonly stoppers: Stopper[] = [];
  private readonly bin: string;

  constructor(
    readonly ports: Ports,
    private readonly log: (line: string) => void,
  ) {
    const bin = postgresBinDir();
    if (!bin) throw new Error('no PostgreSQL binaries');
    this.bin = bin;
    this.root = mkdtempSync('/tmp/cluster-');
    if (isRoot) chownSync(this.root, uidOf('postgres'), gidOf('postgres'));
    this.onStop('scratch directory', () => rmSync(this.root, { recursive: true, force: true }));
  }

  onStop(label: string, stop: () => Promise<void> | void): void {
    this.stoppers.push({ label, stop });
  }

  /** Stops everything started so far, newest first; never throws. */
  async stop(): Promise<void> {
    while (this.stoppers.length > 0) {
      const stopper = this.stoppers.pop();
      if (!stopper) break;
      try {
        await stopper.stop();
      } catch (error) {
        this.log(`[cluster] stopping ${stopper.label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** Primary with wal_level=replica, the app role and database, pg_stat_statements for proving where reads ran. */
  startPrimary(): void {
    const data = path.join(this.root, 'primary');
    runChecked(
      'initdb',
      path.join(this.bin, 'initdb'),
      [
        '-D',
        data,
        '-U',
        'postgres',
        '--encoding=UTF8',
        '--locale=C.UTF-8',
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        '--no-sync',
      ],
      this.log,
    );
    writeFileSync(
      path.join(data, 'postgresql.auto.conf'),
      [
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${this.root}'`,
        'wal_level = replica',
        'max_wal_senders = 5',
        'hot_standby = on',
        'max_connections = 150',
        `shared_preload_libraries = 'pg_stat_statements'`,
        'pg_stat_statements.track = all',
        // The app turns JIT off per connection, except behind PgBouncer (which
        // refuses the startup parameter): there the server carries it, as docs/scaling.md says.
        'jit = off',
        // A throwaway cluster: durability costs time and buys nothing here.
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        '',
      ].join('\n'),
    );
    // Loopback only: the bootstrap superuser (replication, probes) without a password, the app role with one.
    writeFileSync(
      path.join(data, 'pg_hba.conf'),
      [
        'local all all trust',
        'host replication postgres 127.0.0.1/32 trust',
        'host all postgres 127.0.0.1/32 trust',
        'host all all 127.0.0.1/32 scram-sha-256',
        '',
      ].join('\n'),
    );
    if (isRoot) spawnSync('chown', ['-R', 'postgres:postgres', data]);
    this.pgCtlStart('primary', data, this.ports.primary);
    const psql = (sqlText: string, database?: string) => this.psql(sqlText, database);
    psql(`create role ${APP_USER} login password '${APP_PASSWORD}'`);
    psql(`create database ${APP_DATABASE} owner ${APP_USER}`);
    psql('create extension pg_stat_statements', APP_DATABASE);
  }

  /** Runs SQL on the primary (or the replica) as the bootstrap superuser; returns the unaligned, tuples-only output. */
  psql(sqlText: string, database = 'postgres', on: 'primary' | 'replica' = 'primary'): string {
    return runChecked(
      'psql',
      path.join(this.bin, 'psql'),
      [
        '-h',
        this.root,
        '-p',
        String(this.ports[on]),
        '-U',
        'postgres',
        '-d',
        database,
        '-v',
        'ON_ERROR_STOP=1',
        '-qAtXc',
        sqlText,
      ],
      this.log,
    );
  }

  /** A hot standby streaming from the primary (`pg_basebackup -R` writes standby.signal and primary_conninfo). */
  startReplica(): void {
    const data = path.join(this.root, 'replica');
    runChecked(
      'pg_basebackup',
      path.join(this.bin, 'pg_basebackup'),
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(this.ports.primary),
        '-U',
        'postgres',
        '-D',
        data,
        '-R',
        '-X',
        'stream',
        '--checkpoint=fast',
        '--no-sync',
      ],
      this.log,
    );
    this.pgCtlStart('replica', data, this.ports.replica);
  }

  /** Stops the replica as a crash would (immediate: no shutdown checkpoint), to show that reads fall back. */
  stopReplica(): void {
    const [cmd, argv] = asDbUser(path.join(this.bin, 'pg_ctl'), [
      '-D',
      path.join(this.root, 'replica'),
      '-m',
      'immediate',
      '-w',
      'stop',
    ]);
    const result = spawnSync(cmd, argv, { cwd: '/', stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`pg_ctl stop (replica) failed (exit ${result.status ?? result.signal})`);
    this.log('[cluster] PostgreSQL replica stopped');
  }

  private pgCtlStart(label: string, data: string, port: number): void {
    const pgCtl = path.join(this.bin, 'pg_ctl');
    runChecked(
      `pg_ctl start (${label})`,
      pgCtl,
      ['-D', data, '-l', path.join(this.root, `${label}.log`), '-w', '-t', '90', '-o', `-p ${port}`, 'start'],
      this.log,
    );
    this.onStop(`PostgreSQL ${label}`, () => {
      const [cmd, argv] = asDbUser(pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop']);
      spawnSync(cmd, argv, { cwd: '/', stdio: 'ignore' });
    });
    this.log(`[cluster] PostgreSQL ${label} on 127.0.0.1:${port}`);
  }

  /** PgBouncer in transaction-pooling mode in front of the primary. */
  async startPgBouncer(): Promise<void> {
    const config = path.join(this.root, 'pgbouncer.ini');
    const users = path.join(this.root, 'userlist.txt');
    writeFileSync(users, `"${APP_USER}" "${APP_PASSWORD}"\n`);
    writeFileSync(
      config,
      [
        '[databases]',
        `${APP_DATABASE} = host=127.0.0.1 port=${this.ports.primary} dbname=${APP_DATABASE}`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${this.ports.pgbouncer}`,
        `unix_socket_dir = ${this.root}`,
        'auth_type = scram-sha-256',
        `auth_file = ${users}`,
        'pool_mode = transaction',
        // 3 instances × 10 client connections share these server connections.
        'default_pool_size = 20',
        'max_client_conn = 200',
        'ignore_startup_parameters = extra_float_digits,options',
        `logfile = ${path.join(this.root, 'pgbouncer.log')}`,
        '',
      ].join('\n'),
    );
    if (isRoot) spawnSync('chown', ['postgres:postgres', config, users]);
    const child = this.spawnTracked('PgBouncer', ...asDbUser(PGBOUNCER_BIN, [config]));
    await waitForPort(this.ports.pgbouncer, 'PgBouncer', child);
    this.log(`[cluster] PgBouncer (transaction pooling) on 127.0.0.1:${this.ports.pgbouncer}`);
  }

  /** HAProxy, round robin over `servers`, naming the instance that answered in X-Served-By; stats as CSV on statsPort. */
  async startHaproxy(port: number, statsPort: number, servers: { name: string; port: number }[]): Promise<void> {
    const config = path.join(this.root, 'haproxy.cfg');
    writeFileSync(
      config,
      [
        'global',
        '  maxconn 1000',
        'defaults',
        '  mode http',
        '  timeout connect 5s',
        '  timeout client 120s',
        '  timeout server 120s',
        'frontend web',
        `  bind 127.0.0.1:${port}`,
        // The balancer, not the client, says who the client is and how it came: the app trusts
        // exactly this one hop (TRUSTED_PROXY_HOPS=1 in run.ts) for the rate limit and HSTS.
        '  http-request set-header X-Forwarded-For %[src]',
        '  http-request set-header X-Forwarded-Proto https if { ssl_fc }',
        '  http-request set-header X-Forwarded-Proto http if !{ ssl_fc }',
        '  default_backend app',
        'backend app',
        '  balance roundrobin',
        '  option httpchk GET /api/health',
        '  http-response set-header X-Served-By %s',
        ...servers.map((server) => `  server ${server.name} 127.0.0.1:${server.port} check inter 2s`),
        'frontend stats',
        `  bind 127.0.0.1:${statsPort}`,
        '  stats enable',
        '  stats uri /stats',
        '',
      ].join('\n'),
    );
    const check = spawnSync(HAPROXY_BIN, ['-c', '-q', '-f', config], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`haproxy config invalid: ${check.stderr}`);
    const child = this.spawnTracked('HAProxy', HAPROXY_BIN, ['-db', '-f', config]);
    await waitForPort(port, 'HAProxy', child);
    this.log(
      `[cluster] HAProxy on 127.0.0.1:${port} (round robin over ${servers.map((s) => s.name).join(', ')}), stats on :${statsPort}`,
    );
  }

  /** A long-running child in its own process group, killed (group and all) by stop(). */
  spawnTracked(
    label: string,
    command: string,
    args: string[],
    options: { env?: NodeJS.ProcessEnv; logFile?: string } = {},
  ): ChildProcess {
    const child = spawn(command, args, {
      cwd: command === process.execPath ? process.cwd() : '/',
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const keep = (chunk: Buffer) => {
      lines.push(chunk.toString());
      if (lines.length > 200) lines.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (code, signal) => {
      if (!stopping.has(child))
        this.log(`[cluster] ${label} exited (${signal ?? code}); last output:\n${lines.join('').slice(-3000)}`);
    });
    this.onStop(label, () => killGroup(child));
    (child as ChildProcess & { outputTail?: () => string }).outputTail = () => lines.join('');
    return child;
  }
}

const stopping = new WeakSet<ChildProcess>();

/** SIGTERM to the child's process group, SIGKILL if it is still there after 10 s. */
export async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  stopping.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Whether something accepts connections on 127.0.0.1:port right now. */
export async function portOpen(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

export async function waitForPort(
  port: number,
  label: string,
  child?: ChildProcess,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null))
      throw new Error(`${label} exited before listening`);
    if (await portOpen(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${label} did not listen on ${port} within ${timeoutMs / 1000} s`);
}

function idOf(flag: '-u' | '-g', name: string): number {
  const result = spawnSync('id', [flag, name], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`no OS user ${name}: PostgreSQL cannot run as root`);
  return Number(result.stdout.trim());
}
const uidOf = (name: string) => idOf('-u', name);
const gidOf = (name: string) => idOf('-g', name);
