/**
 * The production server the benchmarks measure: `ensureProductionBuild()`
 * (the build every suite shares), then `next start` on 127.0.0.1:<port> with
 * a throwaway AUTH_SECRET and the benchmark's DATABASE_URL. Also: session
 * cookies minted the way next-auth writes them, and the server's memory as
 * the kernel reports it (/proc).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { encode } from 'next-auth/jwt';
import { appEnv, startNext, waitUntilServing } from '../lib/app-server.mjs';
import { ensureProductionBuild } from '../lib/production-build.mjs';

/** next-auth's session cookie on plain http (no `__Secure-` prefix); it doubles as the JWT salt. */
export const SESSION_COOKIE = 'authjs.session-token';

export interface RunningServer {
  baseUrl: string;
  authSecret: string;
  pid: number;
  stop: () => Promise<void>;
}

export async function buildOnce(log: (line: string) => void): Promise<void> {
  ensureProductionBuild({ log });
}

export async function startServer(options: {
  port: number;
  databaseUrl: string;
  log: (line: string) => void;
  /** Node flags for this server only (e.g. `--cpu-prof`: scripts/bench/autosave-cpu.ts). */
  nodeArgs?: string[];
  /** Shared by servers that must accept the same session cookies; a throwaway one by default. */
  authSecret?: string;
}): Promise<RunningServer> {
  const { port, databaseUrl, log } = options;
  const baseUrl = `http://127.0.0.1:${port}`;
  const authSecret = options.authSecret ?? randomBytes(32).toString('base64url');
  const child = startNext({
    port,
    nodeArgs: options.nodeArgs ?? [],
    env: appEnv({ port, databaseUrl, authSecret }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  const served = await waitUntilServing({
    url: `${baseUrl}/sign-in`,
    timeoutMs: 90_000,
    ready: (response) => response.status < 500,
    child,
  });
  if (!served.ok) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    await stop();
    throw new Error(`next start did not answer on ${baseUrl} within 90 s:\n${output}`);
  }
  if (child.pid === undefined) throw new Error('next start has no pid');
  log(`[server] next start on ${baseUrl} (pid ${child.pid})`);
  return { baseUrl, authSecret, pid: child.pid, stop };
}

/** A session cookie for `userId`, exactly what next-auth sets after a sign-in (JWE, salted with the cookie name). */
export async function sessionCookie(
  authSecret: string,
  user: { id: string; email: string; name: string },
  organizationId: string,
): Promise<string> {
  const token = await encode({
    // A session id and generation 0 (a fresh user), as the jwt callback in lib/auth/config.ts puts them.
    token: { sub: user.id, email: user.email, name: user.name, organizationId, sid: randomUUID(), gen: 0 },
    secret: authSecret,
    salt: SESSION_COOKIE,
    maxAge: 60 * 60,
  });
  return `${SESSION_COOKIE}=${token}`;
}

/** The pid and its descendants (next start may serve from a child process). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the parenthesised command, which may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended meanwhile
    }
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Samples the server's resident memory while `work` runs: the RSS summed over
 * the process tree every 25 ms, and each process's high-water mark (VmHWM,
 * reset first through /proc/<pid>/clear_refs so earlier phases do not count).
 * Returns the larger of the two views, in bytes.
 */
export async function peakRss<T>(
  root: number,
  work: () => Promise<T>,
): Promise<{ result: T; peakBytes: number; beforeBytes: number }> {
  const pids = processTree(root);
  for (const pid of pids) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      // not allowed here: the sampled RSS still counts
    }
  }
  const sum = () => pids.reduce((total, pid) => total + statusKb(pid, 'VmRSS'), 0);
  const beforeBytes = sum() * 1024;
  let sampled = beforeBytes;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, sum() * 1024);
  }, 25);
  try {
    const result = await work();
    sampled = Math.max(sampled, sum() * 1024);
    const hwm = pids.reduce((total, pid) => total + statusKb(pid, 'VmHWM'), 0) * 1024;
    return { result, peakBytes: Math.max(sampled, hwm), beforeBytes };
  } finally {
    clearInterval(timer);
  }
}
