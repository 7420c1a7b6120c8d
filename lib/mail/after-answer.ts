import 'server-only';
import { after } from 'next/server';

/**
 * Runs `task` once the response has been sent. The anonymous mail forms
 * (password reset, a new confirmation link) answer the same for every
 * address; sending the mail while the visitor waits made a known address
 * measurably slower (an SMTP round trip) than an unknown one, which gave the
 * answer away. Outside a request (tests, scripts) there is no response to
 * wait for, so the task simply runs now.
 */
export async function afterAnswer(task: () => Promise<unknown>): Promise<void> {
  try {
    after(task);
  } catch {
    await task();
  }
}
