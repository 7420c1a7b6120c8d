/**
 * A state-changing request must come from our own pages: the browser's Origin
 * (or, failing that, Referer) has to match the host it was sent to.
 */
export function isSameOrigin(request: Request): boolean {
  const target = new URL(request.url);
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? target.host;
  const source = request.headers.get('origin') ?? request.headers.get('referer');
  if (!source) return false;
  try {
    return new URL(source).host === host;
  } catch {
    return false;
  }
}
