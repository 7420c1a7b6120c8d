/**
 * The raw baselines: the app's own SQL rendered to text (drizzle's dialect,
 * parameters inlined as literals) and run through the `psql` client, so the
 * comparison is "the same statements, no application in between".
 */
import { spawn } from 'node:child_process';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';

const dialect = new PgDialect();

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (Array.isArray(value)) return `array[${value.map(literal).join(', ')}]`;
  return `'${String(value).replaceAll("'", "''")}'`;
}

/** A statement as plain SQL text with its parameters inlined. */
export function sqlText(statement: SQL): string {
  const query = dialect.sqlToQuery(statement);
  return query.sql.replace(/\$(\d+)/g, (_, index: string) => literal(query.params[Number(index) - 1]));
}

export interface PsqlResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs psql with `args`; stdout goes to `onStdout` chunk by chunk when given (and is then not kept). */
export function runPsql(databaseUrl: string, args: string[], onStdout?: (chunk: Buffer) => void): Promise<PsqlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', ['-X', '-v', 'ON_ERROR_STOP=1', databaseUrl, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // The app's connections run with JIT off (db/index.ts). A baseline with JIT on pays 0.6–2.8 s of
      // compiling per report statement (the heatmap's plan cost is far above jit_above_cost) and so made
      // the app look faster than the same statements: the ratios compare like with like only with JIT off.
      env: { ...process.env, PGOPTIONS: `${process.env.PGOPTIONS ?? ''} -c jit=off`.trim() },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (onStdout) onStdout(chunk);
      else stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code: code ?? 1 }));
  });
}

/** Whether the psql client is on PATH. */
export async function havePsql(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('psql', ['--version'], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}
