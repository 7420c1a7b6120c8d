/**
 * What every fault scenario gets from the runner. Its own module so the
 * scenarios depend on this contract, not on run.ts (which imports them).
 */
import type postgres from 'postgres';
import type { AppServer } from './app-server';
import type { createCluster } from './postgres';
import type { buildFaultWorld } from './world';

export interface Harness {
  cluster: Awaited<ReturnType<typeof createCluster>>;
  sql: postgres.Sql;
  app: () => AppServer;
  restartApp: () => Promise<AppServer>;
  logDir: string;
  world: Awaited<ReturnType<typeof buildFaultWorld>>;
}
