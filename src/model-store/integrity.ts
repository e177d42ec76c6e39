import { CHUNK_BYTES, type FileEntry, type ModelStore } from './file-store';

/** SHA-256 of `data` as lowercase hex (Web Crypto; windows, workers and Node). */
export async function sha256Hex(data: BufferSource): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A stored file whose content is not what was written (a chunk's SHA-256 differs). */
export class IntegrityError extends Error {
  override readonly name = 'IntegrityError';
  constructor(
    /** The file's path in the model repository. */
    readonly file: string,
    /** Why, for the user: which chunk failed. */
    readonly reason: string,
  ) {
    super(`${file} failed its integrity check (${reason})`);
  }
}

/**
 * Checks a complete stored file without reading its content: its size, the number of chunks
 * and the size of each (IndexedDB Blob metadata). The content is checked as it is read
 * ({@link verifiedStream}), so a load reads each byte once.
 * @returns the file's chunks when it is whole, else why it is not (for the user).
 */
export async function checkStructure(store: ModelStore, entry: FileEntry): Promise<{ chunks: Blob[] } | { damage: string }> {
  if (!entry.complete) return { damage: 'the download did not finish' };
  if (entry.size === null || entry.storedBytes !== entry.size) return { damage: `${entry.storedBytes} bytes stored, ${entry.size} expected` };
  if (entry.chunkDigests.length !== Math.ceil(entry.size / CHUNK_BYTES)) return { damage: 'chunks are missing' };
  let chunks: Blob[];
  try {
    chunks = await store.readChunks(entry);
  } catch (error) {
    return { damage: error instanceof Error ? error.message : String(error) };
  }
  for (const [index, chunk] of chunks.entries()) {
    const expectedSize = Math.min(CHUNK_BYTES, entry.size - index * CHUNK_BYTES);
    if (chunk.size !== expectedSize) return { damage: `chunk ${index} has ${chunk.size} bytes, ${expectedSize} expected` };
  }
  return { chunks };
}

/**
 * The content of a stored file as a stream that checks each chunk's SHA-256 against the
 * digest recorded when it was written, before passing it on: a damaged chunk never reaches
 * the reader. The stream then errors with an {@link IntegrityError}, after `onDamaged` ran.
 * @param chunks the file's chunks, in order (from {@link checkStructure})
 */
export function verifiedStream(entry: FileEntry, chunks: readonly Blob[], onDamaged: (error: IntegrityError) => Promise<void>): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (index === chunks.length) {
        controller.close();
        return;
      }
      const bytes = await chunks[index].arrayBuffer();
      if ((await sha256Hex(bytes)) !== entry.chunkDigests[index]) {
        const error = new IntegrityError(entry.file, `chunk ${index} fails its SHA-256 check`);
        await onDamaged(error);
        controller.error(error);
        return;
      }
      index++;
      controller.enqueue(new Uint8Array(bytes));
    },
  });
}
