import { describe, expect, it } from 'vitest';
import { parseServerUrl } from '@/db';

describe('parseServerUrl (PgBouncer switch)', () => {
  it('leaves a plain URL alone and keeps prepared statements', () => {
    expect(parseServerUrl('postgres://u:p@db:5432/app')).toEqual({
      url: 'postgres://u:p@db:5432/app',
      pgbouncer: false,
    });
  });

  it('honours DATABASE_PGBOUNCER without a URL flag', () => {
    expect(parseServerUrl('postgres://u:p@db:6432/app', true).pgbouncer).toBe(true);
  });

  it('reads ?pgbouncer=true and removes it, keeping the other parameters', () => {
    const parsed = parseServerUrl('postgres://u:p@db:6432/app?sslmode=require&pgbouncer=true');
    expect(parsed.pgbouncer).toBe(true);
    expect(parsed.url).toBe('postgres://u:p@db:6432/app?sslmode=require');
  });

  it('removes ?pgbouncer=false without switching it on', () => {
    expect(parseServerUrl('postgres://u:p@db:6432/app?pgbouncer=false')).toEqual({
      url: 'postgres://u:p@db:6432/app',
      pgbouncer: false,
    });
  });
});
