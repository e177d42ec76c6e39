/**
 * Liveness of a thread through the Web Locks API: the watched thread holds a lock for as long
 * as it lives, and the watcher's request for the same lock is granted the moment the lock is
 * released. A lock is released when its holder's agent ends (Web Locks §"Agent Integration":
 * the lock manager releases a terminated agent's locks), however it ended: `close()` from
 * inside, `terminate()`, a crash or an out-of-memory kill of the worker. No message is needed
 * from the thread, so a thread busy in a long synchronous WASM call is never taken for dead.
 * Measured in Chromium 156 (`e2e/worker-faults.spec.ts`): the watcher hears of a worker's
 * `self.close()` within milliseconds.
 *
 * Runs in any window or worker scope (`navigator.locks`).
 */

/** A lock name unique to one thread's life (lock names are shared by every context of the origin). */
function newLifeLockName(role: string): string {
  return `sotto-life-${role}-${crypto.randomUUID()}`;
}

/** Whether this scope has the Web Locks API (every current engine; Safari from 15.4). */
export function hasWebLocks(): boolean {
  return typeof navigator !== 'undefined' && 'locks' in navigator && navigator.locks !== undefined;
}

/**
 * In the thread to watch: takes the lock `name` and holds it until this thread ends.
 * Resolves once the lock is held, so the watcher may start watching only then.
 * @throws DOMException when the lock manager refuses the request (no Web Locks in this scope).
 */
export function holdLifeLock(name: string): Promise<void> {
  return new Promise((held, refused) => {
    navigator.locks
      .request(name, () => {
        held();
        // Never settles: the lock goes with the thread.
        return new Promise<never>(() => {});
      })
      .catch(refused);
  });
}

/**
 * In the watcher: calls `onEnded` once, as soon as the lock `name` is released, that is when
 * the thread holding it ended. Call only after the holder's {@link holdLifeLock} resolved,
 * else the watcher takes the free lock at once. Without Web Locks, watches nothing.
 * @returns a function that stops watching (call it before ending the thread on purpose).
 */
export function watchLifeLock(name: string, onEnded: () => void): () => void {
  if (!hasWebLocks()) return () => {};
  const stop = new AbortController();
  navigator.locks
    .request(name, { signal: stop.signal }, () => {
      if (!stop.signal.aborted) onEnded();
    })
    .catch(() => {
      // Aborted by the returned function: nothing to report.
    });
  return () => stop.abort();
}

/**
 * How long a new worker may take to confirm that it holds its life lock, ms: its module
 * (transformers.js and ONNX Runtime for the decoder) must load and evaluate first. A worker
 * that says nothing in that time counts as failed to start.
 */
export const WORKER_START_TIMEOUT_MS = 30_000;

/**
 * Watches a new worker's life: asks it to hold a fresh life lock (`hold` calls
 * {@link holdLifeLock} inside the worker, e.g. over Comlink), then watches that lock, so
 * `onEnded` is called within milliseconds of the worker's end, whatever it is doing then.
 * Without Web Locks in this scope, nothing is watched (the callers' timeouts remain).
 * @returns a function that stops watching: call it before terminating the worker on purpose.
 * @throws Error when the worker does not confirm within `startTimeoutMs`, or whatever `hold` throws.
 */
export async function watchWorkerLife(
  role: string,
  hold: (name: string) => Promise<void>,
  onEnded: () => void,
  startTimeoutMs = WORKER_START_TIMEOUT_MS,
): Promise<() => void> {
  if (!hasWebLocks()) return () => {};
  const name = newLifeLockName(role);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the ${role} worker did not start within ${startTimeoutMs / 1000} s`)), startTimeoutMs);
  });
  try {
    await Promise.race([hold(name), timeout]);
  } finally {
    clearTimeout(timer);
  }
  return watchLifeLock(name, onEnded);
}
