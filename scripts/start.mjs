/**
 * `npm start`: `next start` under this project's production V8 flags, which have one home,
 * PRODUCTION_NODE_FLAGS in scripts/lib/app-server.mjs (the benchmarks, the soak and the test
 * servers start the app with the same ones). V8 reads them when the process starts, so they
 * cannot be set from inside: this small parent starts the server with them, passes on its
 * arguments (`npm start -- -p 8080`), forwards the signals a process manager sends, and exits
 * as the server did.
 */
import { spawn } from 'node:child_process';
import { NEXT_BIN, PRODUCTION_NODE_FLAGS } from './lib/app-server.mjs';

const child = spawn(process.execPath, [...PRODUCTION_NODE_FLAGS, NEXT_BIN, 'start', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1);
});
