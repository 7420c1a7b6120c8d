import { afterEach, describe, expect, it, vi } from 'vitest';

// lib/env parses process.env once at import: each case imports a fresh copy of the module under test.
async function pageEnabled(environment: { NODE_ENV: string; MAIL_DEV_PAGE: boolean; SMTP_URL?: string }) {
  vi.resetModules();
  vi.doMock('@/lib/env', () => ({ env: environment }));
  const { devMailPageEnabled } = await import('@/lib/mail/outbox');
  return devMailPageEnabled();
}

describe('the /dev/mail page', () => {
  afterEach(() => {
    vi.doUnmock('@/lib/env');
  });

  it('is there in development and, when asked for, on a production server that keeps its mail', async () => {
    expect(await pageEnabled({ NODE_ENV: 'development', MAIL_DEV_PAGE: false })).toBe(true);
    expect(await pageEnabled({ NODE_ENV: 'production', MAIL_DEV_PAGE: true })).toBe(true);
  });

  it('is not there in production unless asked for', async () => {
    expect(await pageEnabled({ NODE_ENV: 'production', MAIL_DEV_PAGE: false })).toBe(false);
  });

  it('is never there on a server that sends real mail, whatever MAIL_DEV_PAGE says', async () => {
    expect(await pageEnabled({ NODE_ENV: 'production', MAIL_DEV_PAGE: true, SMTP_URL: 'smtp://mail:25' })).toBe(false);
    expect(await pageEnabled({ NODE_ENV: 'development', MAIL_DEV_PAGE: false, SMTP_URL: 'smtp://mail:25' })).toBe(
      false,
    );
  });
});
