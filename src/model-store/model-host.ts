/**
 * Where model files are downloaded from. A host is a URL template for a model's folder, with
 * `{model}` (the model id, e.g. `Xenova/whisper-tiny.en`) and optionally `{revision}`; a file's
 * URL is the folder's URL followed by the file's path in the repository. This is
 * transformers.js's `remoteHost` + `remotePathTemplate`, in one string.
 */

/** The Hugging Face hub: `https://huggingface.co/{model}/resolve/{revision}/{file}`. */
export const HUGGING_FACE_HOST = 'https://huggingface.co/{model}/resolve/{revision}/';

/** The hub's folder layout below a host's base URL. */
const HUB_LAYOUT = '{model}/resolve/{revision}/';

/**
 * Models hosted on the app's own origin, a plain copy of each repository:
 * `/models/{model}/{file}` (below the deployment base, e.g. `public/models/<id>/`).
 */
export const SELF_HOSTED = `${import.meta.env.BASE_URL}models/{model}/`;

/**
 * Turns what a user typed into an absolute host template. A URL without `{model}` is taken as
 * the base of a server with the hub's layout (`<url>/{model}/resolve/{revision}/`); a relative
 * URL is resolved against `base` (the page's URL).
 * @throws Error with a message for the user when the input is not an http(s) URL
 */
export function normalizeHost(input: string, base: string): string {
  const trimmed = input.trim();
  if (!trimmed) throw new Error('Enter the address of a model host.');
  const withFolder = trimmed.includes('{model}') ? trimmed : `${trimmed.replace(/\/*$/, '/')}${HUB_LAYOUT}`;
  let url: URL;
  try {
    // Braces are percent-encoded by URL parsing; they are put back below.
    url = new URL(withFolder, base);
  } catch {
    throw new Error(`"${trimmed}" is not a valid URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`"${trimmed}" is not an http(s) address.`);
  if (url.search || url.hash) throw new Error('A model host address cannot have a query or fragment.');
  const absolute = url.href.replace(/%7B/gi, '{').replace(/%7D/gi, '}');
  if (!absolute.includes('/{model}')) throw new Error('In a model host address, {model} must start a path segment.');
  return absolute.endsWith('/') ? absolute : `${absolute}/`;
}

/** The URL of a model's folder on `host` (a normalized template), ending with `/`. */
export function modelBaseUrl(host: string, modelId: string, revision: string): string {
  return host.replaceAll('{model}', modelId).replaceAll('{revision}', encodeURIComponent(revision));
}

/** The URL of one file of a model on `host`: `file` is a path like `onnx/encoder_model.onnx`, used as is. */
export function modelFileUrl(host: string, modelId: string, revision: string, file: string): string {
  return modelBaseUrl(host, modelId, revision) + file;
}

/**
 * transformers.js's `env.remoteHost` and `env.remotePathTemplate` for `host`, so that the URLs
 * it computes (its cache keys) are the ones {@link modelFileUrl} gives.
 */
export function transformersHost(host: string): { remoteHost: string; remotePathTemplate: string } {
  const at = host.indexOf('{model}');
  return { remoteHost: host.slice(0, at), remotePathTemplate: host.slice(at) };
}
