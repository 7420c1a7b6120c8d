/**
 * The two kinds of autosaving user in the restart scenario, and the ledger
 * both report to.
 *
 * Browser users are Chromium pages on /assess pressing rating keys; what they
 * send and what the server acknowledges is read off the network (the real
 * queue in localStorage decides when to retry). HTTP users run the very same
 * SaveQueue class (components/assess/save-queue.ts) in Node, with the page's
 * own batch sender (components/assess/batch-sender.ts) posting to the same
 * route, /api/ratings/batch.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { RATING_BATCH_PATH, createBatchSender } from '@/components/assess/batch-sender';
import { SaveQueue, type QueueStorage, type QueuedChange, type SendOutcome } from '@/components/assess/save-queue';
import type { RatingBatch } from '@/lib/assessments/rating-change';
import { sleep, waitFor } from './processes';

export const DEMO_PASSWORD = 'skillgrid-demo';

export interface LedgerEntry {
  membershipId: string;
  skillId: string;
  level: number | null;
  notApplicable: boolean;
  changedAt: string;
  attempts: number;
  failedAttempts: number;
  acknowledged: boolean;
  /** When the first acknowledgement arrived (ms since the epoch). */
  acknowledgedAt: number | null;
  /** A request carrying it got an answer whose body the browser no longer had (counted apart, not as lost or acknowledged). */
  answerUnreadable: boolean;
}

/** What the ledger needs of a change; `id` is unique per user (client id and sequence number, or the queue's own id). */
export interface LedgerChange {
  id: string;
  skillId: string;
  level: number | null;
  notApplicable: boolean;
  changedAt: string;
}

/** Every change any user made, by id. */
export class Ledger {
  readonly entries = new Map<string, LedgerEntry>();

  sent(membershipId: string, changes: readonly LedgerChange[]): void {
    for (const change of changes) {
      const entry = this.entries.get(change.id) ?? {
        membershipId,
        skillId: change.skillId,
        level: change.level,
        notApplicable: change.notApplicable,
        changedAt: change.changedAt,
        attempts: 0,
        failedAttempts: 0,
        acknowledged: false,
        acknowledgedAt: null,
        answerUnreadable: false,
      };
      entry.attempts += 1;
      this.entries.set(change.id, entry);
    }
  }

  answered(ids: readonly string[], ok: boolean | 'unreadable'): void {
    for (const id of ids) {
      const entry = this.entries.get(id);
      if (!entry) continue;
      if (ok === 'unreadable') entry.answerUnreadable = true;
      else if (ok) {
        entry.acknowledged = true;
        entry.acknowledgedAt ??= Date.now();
      } else entry.failedAttempts += 1;
    }
  }

  /** The first reason an answer could not be read, for the report. */
  unreadableReason: string | null = null;
}

/** One save as the page's fetch saw it: status 0 when it never got an answer. */
interface PageSaveEvent {
  url: string;
  body: string;
  status: number;
  text: string | null;
}

/** The changes of a batch the page posted, with ledger ids (`clientId:seq`). */
function batchChangesOf(postData: string | null): LedgerChange[] | null {
  if (!postData) return null;
  try {
    const batch = JSON.parse(postData) as Partial<RatingBatch>;
    if (typeof batch.clientId !== 'string' || !Array.isArray(batch.changes)) return null;
    return batch.changes.map((change) => ({ ...change, id: `${batch.clientId}:${change.seq}` }));
  } catch {
    return null;
  }
}

/** The route's answer: 200 with what it applied, a 4xx refusal with its reason, or null (no usable answer). */
export function batchResultOf(status: number, body: string): { ok: true } | { ok: false; error: string } | null {
  try {
    const value = JSON.parse(body) as { applied?: unknown; error?: unknown };
    if (status === 200 && Array.isArray(value.applied)) return { ok: true };
    if (status >= 400 && status < 500 && typeof value.error === 'string') return { ok: false, error: value.error };
    return null;
  } catch {
    return null;
  }
}

export function chromiumLaunchOptions() {
  return {
    executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      // Pages in background tabs must keep their timers (the queue's retry) running at full speed.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  };
}

export class BrowserUser {
  private context: BrowserContext | null = null;
  page: Page | null = null;
  presses = 0;
  /** Set by the page's first save request. */
  sawSave = false;
  /** Save requests seen, and how they ended — for the report. */
  readonly requests = { sent: 0, ok: 0, refused: 0, failed: 0, sample: '' };

  constructor(
    readonly email: string,
    readonly membershipId: string,
    private readonly ledger: Ledger,
  ) {}

  async open(browser: Browser, baseUrl: string): Promise<void> {
    this.context = await browser.newContext({ baseURL: baseUrl });
    // What the page's own code sees of each save: fetch is wrapped before any script runs.
    await this.context.exposeBinding('__faultsSave', (_source, event: PageSaveEvent) => this.onSave(event));
    await this.context.addInitScript((savePath: string) => {
      const report = (window as unknown as { __faultsSave: (event: PageSaveEvent) => void }).__faultsSave;
      const original = window.fetch.bind(window);
      window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        const body = typeof init?.body === 'string' ? init.body : null;
        if (init?.method !== 'POST' || !url.endsWith(savePath) || !body) return original(input, init);
        try {
          const response = await original(input, init);
          const copy = response.clone();
          void copy.text().then(
            (text) => report({ url, body, status: response.status, text }),
            () => report({ url, body, status: response.status, text: null }),
          );
          return response;
        } catch (error) {
          report({ url, body, status: 0, text: null });
          throw error;
        }
      };
    }, RATING_BATCH_PATH);
    const page = await this.context.newPage();
    this.page = page;
    await page.goto('/sign-in');
    await page.getByLabel('Email', { exact: true }).fill(this.email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 60_000 });
    await page.goto('/assess');
    await page.locator('[data-assessment-ready]').waitFor({ state: 'attached', timeout: 60_000 });
  }

  private onSave(event: PageSaveEvent): void {
    const changes = batchChangesOf(event.body);
    if (!changes) return;
    this.sawSave = true;
    this.requests.sent += 1;
    this.ledger.sent(this.membershipId, changes);
    const ids = changes.map((change) => change.id);
    const result = event.text !== null ? batchResultOf(event.status, event.text) : null;
    if (result?.ok) {
      this.requests.ok += 1;
      this.ledger.answered(ids, true);
    } else if (event.status === 200 && event.text === null) {
      this.ledger.unreadableReason ??= 'the page could not read the answer';
      this.ledger.answered(ids, 'unreadable');
    } else {
      if (result) this.requests.refused += 1;
      else this.requests.failed += 1;
      this.requests.sample ||=
        event.status === 0 ? 'no answer' : `${event.status}: ${(event.text ?? '').slice(0, 200)}`;
      this.ledger.answered(ids, false);
    }
  }

  /** One key: rates the focused skill (0–4) and moves focus to the next. */
  async press(): Promise<void> {
    if (!this.page) return;
    await this.page.keyboard.press(String(this.presses % 5));
    this.presses += 1;
  }

  /** Waits until the page says everything is saved and its localStorage queue is empty. */
  async drained(timeoutMs: number): Promise<boolean> {
    const page = this.page;
    if (!page) return false;
    const took = await waitFor(
      async () => {
        const status = await page.getByTestId('save-status').textContent();
        // The queues are the arrays under `skillgrid:assess:…`; the same prefix also keys each queue's
        // client id and last sequence number (`…:client`, `…:seq`), which are not changes.
        const pending = await page.evaluate(() =>
          Object.keys(window.localStorage)
            .filter((key) => key.startsWith('skillgrid:assess:'))
            .reduce((sum, key) => {
              try {
                const value: unknown = JSON.parse(window.localStorage.getItem(key) ?? '[]');
                return sum + (Array.isArray(value) ? value.length : 0);
              } catch {
                return sum;
              }
            }, 0),
        );
        return status === 'All changes saved' && pending === 0;
      },
      timeoutMs,
      250,
    );
    return took !== null;
  }

  async statusText(): Promise<string> {
    return (
      (await this.page
        ?.getByTestId('save-status')
        .textContent()
        .catch(() => null)) ?? '(no page)'
    );
  }

  async close(): Promise<void> {
    await this.context?.close().catch(() => {});
  }
}

class MapStorage implements QueueStorage {
  private readonly map = new Map<string, string>();
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
}

/** Signs in through Auth.js's credentials endpoint; returns the Cookie header of the session. */
export async function signInOverHttp(baseUrl: string, email: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  keep(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie(), origin: baseUrl },
    body: new URLSearchParams({ csrfToken, email, password: DEMO_PASSWORD, callbackUrl: `${baseUrl}/` }),
  });
  keep(response);
  if (![...jar.keys()].some((name) => name.endsWith('session-token'))) {
    throw new Error(`signing in ${email} over HTTP failed (status ${response.status})`);
  }
  return cookie();
}

export class HttpUser {
  readonly queue: SaveQueue;
  private made = 0;
  private readonly sender: (changes: QueuedChange[]) => Promise<SendOutcome>;

  constructor(
    readonly email: string,
    readonly membershipId: string,
    private readonly options: {
      baseUrl: string;
      cookie: string;
      cycleId: string;
      skillIds: readonly string[];
      offset: number;
      ledger: Ledger;
    },
  ) {
    this.queue = new SaveQueue({
      key: `faults:${email}`,
      storage: new MapStorage(),
      send: (changes) => this.send(changes),
    });
    this.sender = createBatchSender({
      cycleId: options.cycleId,
      clientId: () => this.queue.clientId,
      url: `${options.baseUrl}${RATING_BATCH_PATH}`,
      headers: { origin: options.baseUrl, cookie: options.cookie },
      timeoutMs: 20_000,
    });
  }

  /** The page's sender over plain HTTP, with the ledger told; throws when the server cannot answer. */
  private async send(changes: QueuedChange[]): Promise<SendOutcome> {
    const { ledger } = this.options;
    ledger.sent(
      this.membershipId,
      changes.map((change) => ({ ...change, id: change.clientChangeId })),
    );
    const ids = changes.map((change) => change.clientChangeId);
    try {
      const outcome = await this.sender(changes);
      ledger.answered(ids, outcome.ok);
      return outcome;
    } catch (error) {
      ledger.answered(ids, false);
      throw error;
    }
  }

  /** One rating change, queued and sent the way the page does it. */
  rate(): void {
    const { skillIds, offset } = this.options;
    const index = this.made;
    this.made += 1;
    const skillId = skillIds[(offset + index) % skillIds.length];
    if (!skillId) return;
    this.queue.enqueue({
      skillId,
      level: (index + offset) % 5,
      notApplicable: false,
      interest: false,
      note: null,
      changedAt: new Date().toISOString(),
      clientChangeId: `${this.email}:${index}`,
    });
  }

  async drained(timeoutMs: number): Promise<boolean> {
    const took = await waitFor(
      async () => this.queue.state.status === 'saved' && this.queue.pending().length === 0,
      timeoutMs,
      100,
    );
    return took !== null;
  }
}

/** Runs `step` about every `everyMs` (±30 %) until `until` says stop. */
export async function drive(step: () => Promise<void> | void, everyMs: number, until: () => boolean): Promise<void> {
  await sleep(Math.random() * everyMs);
  while (!until()) {
    await step();
    await sleep(everyMs * (0.7 + Math.random() * 0.6));
  }
}
