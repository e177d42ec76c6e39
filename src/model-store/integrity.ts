import { CHUNK_BYTES, type FileEntry, type ModelStore } from './file-store';

/** SHA-256 of `data` as lowercase hex (Web Crypto; windows, workers and Node). */
export async function sha256Hex(data: BufferSource): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Checks a complete stored file: its size, the size of every chunk, and every chunk's SHA-256
 * against the digests recorded when it was written. Reads one chunk at a time.
 * @returns null when the file is whole, else why it is not (for the user).
 */
export async function findDamage(store: ModelStore, entry: FileEntry): Promise<string | null> {
  if (!entry.complete) return 'the download did not finish';
  if (entry.size === null || entry.storedBytes !== entry.size) return `${entry.storedBytes} bytes stored, ${entry.size} expected`;
  if (entry.chunkDigests.length !== Math.ceil(entry.size / CHUNK_BYTES)) return 'chunks are missing';
  let chunks: Blob[];
  try {
    chunks = await store.readChunks(entry);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  for (const [index, chunk] of chunks.entries()) {
    const expectedSize = Math.min(CHUNK_BYTES, entry.size - index * CHUNK_BYTES);
    if (chunk.size !== expectedSize) return `chunk ${index} has ${chunk.size} bytes, ${expectedSize} expected`;
    if ((await sha256Hex(await chunk.arrayBuffer())) !== entry.chunkDigests[index]) return `chunk ${index} fails its SHA-256 check`;
  }
  return null;
}
