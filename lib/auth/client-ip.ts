/**
 * The client address for rate limiting. Behind a load balancer the first
 * X-Forwarded-For hop is the client; without one, requests share a bucket.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || headers.get('x-real-ip') || 'unknown';
}
