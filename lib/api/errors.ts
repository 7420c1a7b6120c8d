import type { ProblemFieldError, ProblemType } from './problem';

/** Thrown by an endpoint to answer with a problem (nothing has been written, or the transaction rolls back). */
export class ApiProblem extends Error {
  constructor(
    readonly type: ProblemType,
    readonly detail: string,
    readonly errors?: ProblemFieldError[],
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }
}

export const invalidRequest = (detail: string, errors?: ProblemFieldError[]) =>
  new ApiProblem('invalid-request', detail, errors);
export const notFound = (what: string) => new ApiProblem('not-found', `${what} was not found.`);
