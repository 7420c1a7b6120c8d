/**
 * A forced full collection in a server started with `--inspect=127.0.0.1:0`, and the heap it
 * leaves — through the V8 inspector (HeapProfiler.collectGarbage, then Runtime.getHeapUsage).
 *
 * Why: with production's small young generation (PRODUCTION_NODE_FLAGS) a soak of minutes may see
 * no full collection at all in its first or last third, and then the heap cannot be judged from
 * `--trace-gc` alone ("not judged"). Forcing one at chosen moments makes the judgement real without
 * changing the check. Test-only by construction: only a process started with the inspector flag —
 * the soak's own server, never a production instance — listens, on loopback, at an address with a
 * random port and id that only its parent reads from its stderr.
 */

/** The inspector's WebSocket address from the "Debugger listening on ws://…" line node prints on stderr. */
export function inspectorUrlOf(line: string): string | undefined {
  return /Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1];
}

/** Forces a full (mark-compact) collection and resolves the heap still in use after it, in bytes. */
export async function heapAfterFullCollection(inspectorUrl: string, timeoutMs = 30_000): Promise<number> {
  const socket = new WebSocket(inspectorUrl);
  const pending = new Map<number, (result: Record<string, unknown>) => void>();
  let nextId = 1;
  const failed = new Promise<never>((_, reject) => {
    socket.addEventListener('error', () => reject(new Error(`inspector ${inspectorUrl}: connection failed`)));
    setTimeout(() => reject(new Error(`inspector ${inspectorUrl}: no answer in ${timeoutMs} ms`)), timeoutMs).unref();
  });
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: Record<string, unknown> };
    if (message.id !== undefined) pending.get(message.id)?.(message.result ?? {});
  });
  const call = (method: string) =>
    Promise.race([
      new Promise<Record<string, unknown>>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, method }));
      }),
      failed,
    ]);
  try {
    await Promise.race([new Promise((resolve) => socket.addEventListener('open', resolve, { once: true })), failed]);
    await call('HeapProfiler.collectGarbage');
    const usage = await call('Runtime.getHeapUsage');
    if (typeof usage.usedSize !== 'number') throw new Error('inspector: Runtime.getHeapUsage gave no usedSize');
    return usage.usedSize;
  } finally {
    socket.close();
  }
}
