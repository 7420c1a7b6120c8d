/**
 * GET load over a fixed list of (path, cookie) pairs, spread round-robin over
 * the connections (team pages, CSV exports, the framework floor).
 */
import autocannon from 'autocannon';

export interface ReadLoadResult {
  label: string;
  requests: number;
  p50: number;
  p99: number;
  /** Connection errors and timeouts (autocannon counts a timeout as an error too). */
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** GETs of a fixed set of (path, cookie) pairs, spread over the connections. */
export async function runReadLoad(options: {
  label: string;
  baseUrl: string;
  connections: number;
  seconds: number;
  targets: { path: string; cookie: string }[];
  /** At most this many requests per second per connection (a whole number, autocannon's limit); unset = back to back. */
  connectionRate?: number;
}): Promise<ReadLoadResult> {
  let next = 0;
  const result = await autocannon({
    url: options.baseUrl,
    connections: options.connections,
    duration: options.seconds,
    timeout: 60,
    ...(options.connectionRate ? { connectionRate: options.connectionRate } : {}),
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const target = options.targets[next++ % options.targets.length];
          if (!target) throw new Error('no target');
          request.path = target.path;
          request.headers = { ...(request.headers ?? {}), cookie: target.cookie };
          return request;
        },
      },
    ],
  });
  return {
    label: options.label,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}
