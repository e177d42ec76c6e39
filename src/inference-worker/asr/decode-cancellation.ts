/**
 * Cancelling a decode that is already running, from another thread. The streaming engine (in
 * the inference worker) asks; the decoding loop (in the decoder worker) looks before each
 * decoder pass. The flag is one Int32 on a SharedArrayBuffer, which `postMessage` shares
 * rather than copies (HTML structured clone), so the loop sees it without a message: ONNX
 * Runtime's WASM passes keep the decoder thread busy, and a cancel message would only be read
 * after the decode ended. Without cross-origin isolation there is no SharedArrayBuffer; the
 * flag is then a plain buffer, copied on the way, and a decode simply runs to its end
 * (cancelling only saves time, it never changes a result).
 */

/** A decode's cancellation flag: `Int32Array` of length 1, 0 = run, 1 = cancelled. Plain data, so it crosses `postMessage`. */
export type CancelFlag = Int32Array;

/** A new, unset flag, shared between threads where the platform allows (see the module comment). */
export function newCancelFlag(): CancelFlag {
  return new Int32Array(typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(4) : new ArrayBuffer(4));
}

/** Asks the decode holding `flag` to stop at its next check (before its next decoder pass). */
export function cancelDecode(flag: CancelFlag): void {
  Atomics.store(flag, 0, 1);
}

/** Whether {@link cancelDecode} was called on `flag`; false for no flag. */
export function isCancelled(flag: CancelFlag | undefined): boolean {
  return flag !== undefined && Atomics.load(flag, 0) === 1;
}

/** Thrown by a decode stopped through its {@link CancelFlag}. Its `name` survives a worker boundary (Comlink copies `name` and `message`). */
export class DecodeCancelledError extends Error {
  constructor() {
    super('The decode was cancelled');
    this.name = 'DecodeCancelledError';
  }
}

/**
 * @throws DecodeCancelledError when `flag` was cancelled
 */
export function throwIfCancelled(flag: CancelFlag | undefined): void {
  if (isCancelled(flag)) throw new DecodeCancelledError();
}

/** Whether `error` is a {@link DecodeCancelledError}, also one rebuilt on the far side of a worker boundary. */
export function isDecodeCancelled(error: unknown): boolean {
  return error instanceof Error && error.name === 'DecodeCancelledError';
}
