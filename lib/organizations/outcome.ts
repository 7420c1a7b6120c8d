import type { ActionResult } from '@/lib/actions/result';

export type Failure = Extract<ActionResult, { ok: false }>;

/** An ActionResult whose success always carries data, for the database halves of actions. */
export type Outcome<T> = { ok: true; data: T; message?: string } | Failure;
