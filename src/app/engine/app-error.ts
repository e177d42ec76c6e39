import type { ErrorCode } from '../../inference-worker/protocol';

/** An error raised on the main thread, carrying one of the protocol's stable error codes. */
export class AppError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }
}
