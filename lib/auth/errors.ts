/**
 * Thrown by the authorization module. Pages turn it into a 404 or a sign-in
 * redirect, actions into `{ ok: false, error }`, route handlers into a status.
 * Another organization's ids are reported as "not found", never "forbidden",
 * so a guess does not even learn that the id exists.
 */
export class AuthorizationError extends Error {
  constructor(
    readonly status: 401 | 403 | 404,
    message: string,
  ) {
    super(message);
    this.name = 'AuthorizationError';
  }
}

export const signedOut = () => new AuthorizationError(401, 'Please sign in.');
export const forbidden = (message = 'You do not have permission to do that.') => new AuthorizationError(403, message);
export const notFoundError = (what = 'That item') => new AuthorizationError(404, `${what} was not found.`);
