import type { ChildProcess, SpawnOptions } from 'node:child_process';

export const NEXT_BIN: string;
export const PRODUCTION_NODE_FLAGS: string[];
export function nextStartArgs(port: number | string, nodeArgs?: string[]): string[];
export function appEnv(options: {
  port: number | string;
  databaseUrl?: string;
  authSecret?: string;
  authUrl?: string;
  base?: Record<string, string | undefined>;
  extra?: Record<string, string | undefined>;
}): NodeJS.ProcessEnv;
export function startNext(options: { port: number | string; nodeArgs?: string[] } & SpawnOptions): ChildProcess;
export function waitUntilServing(options: {
  url: string;
  timeoutMs: number;
  intervalMs?: number;
  requestTimeoutMs?: number;
  ready?: (response: Response) => boolean;
  child?: ChildProcess;
}): Promise<{ ok: boolean; last: string }>;
