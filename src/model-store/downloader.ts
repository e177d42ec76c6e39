import { appendStream, completeFile, IncompleteFileError } from './chunk-writer';
import { newEntry, type FileEntry, type FileRef, type ModelStore } from './file-store';
import { isQuotaExceeded } from './storage-space';

/** A model file could not be downloaded; the message says which, from where, and why. */
export class DownloadError extends Error {
  override name = 'DownloadError';
}

/** How files are fetched: `fetch`, an abort signal, and the pauses before each retry. */
export interface Network {
  fetch: typeof fetch;
  signal?: AbortSignal;
  /** Milliseconds to wait before retry 1, 2, ...: its length is the number of retries. */
  retryDelaysMs: readonly number[];
}

/** What the host says about a file: its URL, size in bytes (null when unknown) and ETag. */
export interface FileSource {
  url: string;
  size: number | null;
  etag: string | null;
}

/** Default pauses before retrying a failed request: three retries over 3.5 s. */
export const RETRY_DELAYS_MS = [500, 1000, 2000] as const;

/** An HTTP status that is not a success. */
class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    url: string,
  ) {
    super(`HTTP ${status} for ${url}`);
  }
}

/**
 * Asks the host for a file's size and ETag with a one-byte range request (`Range: bytes=0-0`,
 * which needs no CORS preflight), as transformers.js does. Retries like {@link downloadFile}.
 * @throws DownloadError when the file does not exist or the host cannot be reached
 */
export async function probeFile(url: string, file: string, net: Network): Promise<FileSource> {
  return withRetries(net, file, url, async () => {
    const response = await net.fetch(url, { headers: { Range: 'bytes=0-0' }, cache: 'no-store', signal: net.signal });
    await response.body?.cancel();
    if (!response.ok) throw new HttpStatusError(response.status, url);
    const total = response.status === 206 ? response.headers.get('content-range')?.match(/\/(\d+)$/)?.[1] : response.headers.get('content-length');
    return { url, size: total ? Number(total) : null, etag: response.headers.get('etag') };
  });
}

/**
 * Downloads one file into the store, or finishes a partial one: a stored prefix with the
 * same size and ETag as `source` is resumed with an HTTP Range request; otherwise (or when the
 * host answers the range with the whole file) the download restarts from byte 0. Network
 * failures are retried after {@link Network.retryDelaysMs}, each retry resuming where the
 * stored chunks end. If storage runs out, the partial file is deleted.
 * @param onPosition called as bytes arrive with the file's byte position and the bytes just read
 * @returns the complete entry
 * @throws DownloadError after the retries, or at once for an HTTP error other than 408/429/5xx;
 *   the DOMException `QuotaExceededError` when storage is full; `AbortError` when aborted
 */
export async function downloadFile(
  store: ModelStore,
  ref: FileRef,
  source: FileSource,
  net: Network,
  onPosition: (position: number, bytes: number) => void,
): Promise<FileEntry> {
  try {
    return await withRetries(net, ref.file, source.url, async () => {
      let entry = await store.getEntry(ref);
      if (entry?.complete) return entry;
      if (!entry || !resumable(entry, source)) {
        if (entry) await store.deleteFile(ref);
        entry = newEntry(ref, source.size, source.etag);
      }
      return fetchRest(store, entry, source, net, onPosition);
    });
  } catch (error) {
    if (isQuotaExceeded(error)) await store.deleteFile(ref);
    throw error;
  }
}

/** Fetches the bytes after `entry.storedBytes` and stores them. */
async function fetchRest(
  store: ModelStore,
  entry: FileEntry,
  source: FileSource,
  net: Network,
  onPosition: (position: number, bytes: number) => void,
): Promise<FileEntry> {
  const start = entry.storedBytes;
  const headers: HeadersInit = start > 0 ? { Range: `bytes=${start}-` } : {};
  // `no-store`: the bytes go to IndexedDB; the HTTP cache would only hold a second copy (and
  // Chromium's cache can fail a large body with ERR_CACHE_WRITE_FAILURE).
  const response = await net.fetch(source.url, { headers, cache: 'no-store', signal: net.signal });
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new HttpStatusError(response.status, source.url);
  }
  let from = entry;
  const resumed = response.status === 206 && rangeStart(response) === start && etagOf(response, source) === entry.etag;
  if (!resumed) {
    if (response.status === 206) {
      // A range we did not ask for, or the file changed: start over on the next attempt.
      await response.body.cancel();
      await store.deleteFile(entry);
      throw new IncompleteFileError(`${entry.file}: the host answered the resume request with another part of the file`);
    }
    if (start > 0) await store.deleteFile(entry);
    const length = response.headers.get('content-length');
    from = newEntry(entry, source.size ?? (length ? Number(length) : null), etagOf(response, source));
  }
  let position = from.storedBytes;
  const written = await appendStream(store, from, response.body, (bytes) => {
    position += bytes;
    onPosition(position, bytes);
  });
  return completeFile(store, written);
}

/** Whether a partial entry can be continued for `source`: same size and ETag, bytes still missing. */
export function resumable(entry: FileEntry, source: FileSource): boolean {
  return entry.size === source.size && entry.etag === source.etag && (entry.size === null || entry.storedBytes < entry.size);
}

/** The first byte of a 206 response's Content-Range (`bytes 100-199/200` → 100), or null. */
function rangeStart(response: Response): number | null {
  const match = response.headers.get('content-range')?.match(/^bytes (\d+)-/);
  return match ? Number(match[1]) : null;
}

/** The response's ETag, or the probed one when the host (or CORS) hides it. */
function etagOf(response: Response, source: FileSource): string | null {
  return response.headers.get('etag') ?? source.etag;
}

/** Runs `attempt`, retrying network failures, truncated bodies and 408/429/5xx answers. */
async function withRetries<T>(net: Network, file: string, url: string, attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetryable(error) || net.signal?.aborted) throw error instanceof HttpStatusError ? describeFailure(error, file, url, tries) : error;
      if (tries > net.retryDelaysMs.length) throw describeFailure(error, file, url, tries);
      await sleep(net.retryDelaysMs[tries - 1]!, net.signal);
    }
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof HttpStatusError) return error.status === 408 || error.status === 429 || error.status >= 500;
  // fetch() and body reads reject with TypeError on network failures.
  return error instanceof TypeError || error instanceof IncompleteFileError;
}

function describeFailure(error: unknown, file: string, url: string, tries: number): DownloadError {
  const attempts = tries > 1 ? ` (${tries} attempts)` : '';
  if (error instanceof HttpStatusError) {
    const what = error.status === 404 ? 'is not on the model host' : `got HTTP ${error.status} from the model host`;
    return new DownloadError(`${file} ${what}${attempts}: ${url}`);
  }
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  const reason = offline ? 'this device is offline' : error instanceof IncompleteFileError ? error.message : 'the connection was lost';
  return new DownloadError(`Downloading ${file} from ${url} failed${attempts}: ${reason}`);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}
