/**
 * The one place that decides where to go after sign-in: the signed-in
 * visitor's redirect from /sign-in, the sign-in form, single sign-on and
 * next-auth's redirect callback all ask here. An open redirect would hand
 * phishers a link on our domain that lands on theirs.
 *
 * Only a path on our own origin passes, judged after URL parsing as a browser
 * does it (tabs and newlines dropped, backslashes read as slashes, `.` and
 * `..` resolved) and on every percent-decoded layer of it: no control or
 * space characters, no backslash, nothing that resolves to another origin,
 * no `//` at the start of any layer. Anything else gets the fallback.
 */

/** Where relative targets are resolved; never shown, never reached. */
const BASE = 'https://skillgrid.invalid';
const MAX_LENGTH = 2048;
// Control characters (C0, DEL, C1), Unicode spaces and line separators other than the plain space, and the backslash.

const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\\]/u;

/** The value and what it becomes decoded once, twice, … (a server or proxy on the way may decode again). */
function decodedLayers(value: string): string[] | null {
  const layers = [value];
  for (let depth = 0; depth < 3; depth += 1) {
    const current = layers[layers.length - 1] ?? '';
    if (!current.includes('%')) return layers;
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      // Broken percent-encoding in the value itself (`%`, `%ZZ`) is not a path we wrote; in a
      // decoded layer (`?q=100%25` → `100%`) it only means no decoder can go further.
      return depth === 0 ? null : layers;
    }
    if (next === current) return layers;
    layers.push(next);
  }
  return null;
}

function isOwnPath(layer: string): boolean {
  if (!layer.startsWith('/') || layer.startsWith('//') || FORBIDDEN.test(layer)) return false;
  try {
    const url = new URL(layer, BASE);
    // `/a/..//x` resolves to the path `//x`, which a browser sent there reads as the host `x`.
    return url.origin === BASE && !url.pathname.startsWith('//');
  } catch {
    return false;
  }
}

export function safeRedirectPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH || value.includes(' ')) {
    return fallback;
  }
  const layers = decodedLayers(value);
  if (!layers || !layers.every(isOwnPath)) return fallback;
  const url = new URL(value, BASE);
  // What the browser will be sent, re-checked: `/.//x` parses to the path `//x`.
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path === value || isOwnPath(path) ? path : fallback;
}

/**
 * next-auth's redirect callback: `url` is absolute (next-auth's own pages) or
 * relative (our `redirectTo`); only our origin passes, through safeRedirectPath.
 */
export function safeRedirectUrl(url: string, baseUrl: string): string {
  const origin = new URL(baseUrl).origin;
  let path: unknown = url;
  if (!url.startsWith('/')) {
    try {
      const parsed = new URL(url);
      path = parsed.origin === origin ? `${parsed.pathname}${parsed.search}${parsed.hash}` : null;
    } catch {
      path = null;
    }
  }
  return `${origin}${safeRedirectPath(path)}`;
}
