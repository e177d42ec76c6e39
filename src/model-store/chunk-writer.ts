import { CHUNK_BYTES, type FileEntry, type ModelStore } from './file-store';
import { sha256Hex } from './integrity';

/** The stored bytes of a file do not add up to its size: the body ended early (or ran long). */
export class IncompleteFileError extends Error {
  override name = 'IncompleteFileError';
}

/**
 * Appends a byte stream to a partly stored file. Bytes are buffered {@link CHUNK_BYTES} at a
 * time; each full chunk is stored with its SHA-256 together with the updated entry, in one
 * transaction. The bytes after the last full chunk are stored only when they end the file
 * (or its size is unknown): a stream that fails or ends early leaves the file at a chunk
 * boundary, resumable from `storedBytes`, and never looking whole.
 * @param entry the file so far; `storedBytes` must be a multiple of {@link CHUNK_BYTES}
 * @param onBytes called with the byte count of every piece read from the stream
 * @returns the entry once the stream ended (still incomplete: see {@link completeFile})
 * @throws the stream's error (a lost connection), or IndexedDB's (`QuotaExceededError`)
 */
export async function appendStream(
  store: ModelStore,
  entry: FileEntry,
  body: ReadableStream<Uint8Array>,
  onBytes: (bytes: number) => void = () => {},
): Promise<FileEntry> {
  let current = entry;
  const buffer = new Uint8Array(CHUNK_BYTES);
  let filled = 0;
  const flush = async () => {
    const bytes = buffer.subarray(0, filled);
    const digest = await sha256Hex(bytes);
    const index = current.chunkDigests.length;
    current = { ...current, storedBytes: current.storedBytes + filled, chunkDigests: [...current.chunkDigests, digest], updatedAt: Date.now() };
    await store.putChunk(current, index, new Blob([bytes]));
    filled = 0;
  };

  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (let offset = 0; offset < value.length; ) {
        const take = Math.min(value.length - offset, CHUNK_BYTES - filled);
        buffer.set(value.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === CHUNK_BYTES) await flush();
      }
      onBytes(value.length);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
  if (filled > 0 && (current.size === null || current.storedBytes + filled === current.size)) await flush();
  return current;
}

/**
 * Marks a written file complete, its size set to the bytes stored.
 * @throws IncompleteFileError when its known size and the stored bytes differ (the entry is left as is)
 */
export async function completeFile(store: ModelStore, entry: FileEntry): Promise<FileEntry> {
  if (entry.size !== null && entry.storedBytes !== entry.size) {
    throw new IncompleteFileError(`${entry.file}: ${entry.storedBytes} of ${entry.size} bytes arrived`);
  }
  const complete = { ...entry, size: entry.storedBytes, complete: true, updatedAt: Date.now() };
  await store.putEntry(complete);
  return complete;
}
