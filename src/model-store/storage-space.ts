import { formatBytes } from '../format/bytes';

/** A model does not fit in the storage the browser gives this site. */
export class StorageFullError extends Error {
  override name = 'StorageFullError';
}

/** `navigator.storage.estimate`, injectable for tests. */
export type EstimateStorage = () => Promise<StorageEstimate>;

/** The browser's storage estimate, or an empty one where the Storage API is missing. */
export const estimateStorage: EstimateStorage = () =>
  typeof navigator !== 'undefined' && navigator.storage ? navigator.storage.estimate() : Promise.resolve({});

/**
 * Checks that `neededBytes` more fit in this site's storage quota (usage and quota from
 * `navigator.storage.estimate()`). Passes when the browser gives no estimate.
 * @throws StorageFullError naming the space needed and the space free
 */
export async function assertSpace(modelId: string, neededBytes: number, estimate: EstimateStorage): Promise<void> {
  const { usage = 0, quota } = await estimate();
  if (quota === undefined || neededBytes <= quota - usage) return;
  throw storageFull(modelId, neededBytes, { usage, quota });
}

/**
 * The error for a model that needs `neededBytes` more than stored. With an estimate that shows
 * too little space, the message names the space free; otherwise (the browser refused a write
 * that its estimate said would fit) it says the browser refused.
 */
export function storageFull(modelId: string, neededBytes: number, { usage = 0, quota }: StorageEstimate): StorageFullError {
  const free = quota === undefined ? undefined : Math.max(0, quota - usage);
  const why =
    free !== undefined && free < neededBytes
      ? `it needs ${formatBytes(neededBytes)} more, but only ${formatBytes(free)} of the ${formatBytes(quota!)} this browser allows the site is free`
      : `the browser refused to store more of it, with ${formatBytes(neededBytes)} still to save`;
  return new StorageFullError(`Not enough storage for ${modelId}: ${why}. Delete models you do not use (Models) or free disk space, then press Retry.`);
}

/** Whether `error` is IndexedDB's (or the Cache API's) "quota exceeded". */
export function isQuotaExceeded(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'QuotaExceededError';
}
