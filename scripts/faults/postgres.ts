/**
 * A throwaway PostgreSQL cluster for the fault tests, the way .ci/start-postgres.sh
 * makes one: initdb into a fresh directory under /tmp, loopback only, a free
 * port, run as the unprivileged `postgres` OS user when we are root (the
 * server refuses to run as root). Unlike CI's it can be stopped and started
 * again on the same port and data — that is the fault being tested.
 */
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { onCleanup, run, runOrThrow } from './processes';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

export interface Cluster {
  url: string;
  port: number;
  root: string;
  /** `pg_ctl stop -m fast`: open connections are terminated, new ones refused. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster and removes its directory (idempotent). */
  destroy(): Promise<void>;
}

export async function createCluster(bindir: string, port: number): Promise<Cluster> {
  const root = mkdtempSync('/tmp/skillgrid-faults-pg.');
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'server.log');
  if (isRoot()) {
    const { uid, gid } = await ownerIds();
    chownSync(root, uid, gid);
  }
  const asOwner = (command: string, args: string[]) =>
    isRoot()
      ? runOrThrow(command, 'runuser', ['-u', 'postgres', '--', command, ...args], { cwd: '/' })
      : runOrThrow(command, command, args, { cwd: '/' });

  let destroyed = false;
  const destroy = async () => {
    if (destroyed) return;
    destroyed = true;
    if (existsSync(path.join(dataDir, 'postmaster.pid'))) {
      await (isRoot()
        ? run(
            'runuser',
            ['-u', 'postgres', '--', path.join(bindir, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', 'stop'],
            { cwd: '/' },
          )
        : run(path.join(bindir, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], { cwd: '/' }));
    }
    rmSync(root, { recursive: true, force: true });
  };
  onCleanup(`PostgreSQL cluster ${root}`, destroy);

  // Trust on loopback: a throwaway cluster reachable only from this machine for the length of the run.
  await asOwner(path.join(bindir, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'skillgrid',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  const start = async () => {
    await asOwner(path.join(bindir, 'pg_ctl'), [
      '-D',
      dataDir,
      '-l',
      logFile,
      '-w',
      '-t',
      '60',
      'start',
      '-o',
      `-h 127.0.0.1 -p ${port} -k ${root} -c fsync=off -c full_page_writes=off -c max_connections=200`,
    ]);
  };
  const stop = async () => {
    await asOwner(path.join(bindir, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
  };
  await start();
  await asOwner(path.join(bindir, 'psql'), [
    '-h',
    root,
    '-p',
    String(port),
    '-U',
    'skillgrid',
    '-d',
    'postgres',
    '-qX',
    '-c',
    'create database skillgrid',
  ]);
  return { url: `postgres://skillgrid@127.0.0.1:${port}/skillgrid`, port, root, stop, start, destroy };
}

async function ownerIds(): Promise<{ uid: number; gid: number }> {
  const uid = Number((await runOrThrow('id -u postgres', 'id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await runOrThrow('id -g postgres', 'id', ['-g', 'postgres'])).stdout.trim());
  return { uid, gid };
}
