/**
 * Serves the Whisper model files of `../shared/models` (or `$SOTTO_SHARED/models`) over HTTP,
 * the way a model host does: Content-Length, a strong ETag, single HTTP ranges (206 /
 * Content-Range / 416) and CORS. `Xenova/whisper-tiny.en` is the real model
 * (`models/whisper-tiny.en`); other ids are looked up in `models/configs-only/<id>` (config
 * and tokenizer files, no weights). Two URL layouts:
 * - `hub`: `/{model}/resolve/{revision}/{file}`, like huggingface.co (any revision);
 * - `flat`: `/models/{model}/{file}`, the app's self-hosted layout.
 * Used by vite.config.ts (`/models/` in dev and preview) and by the tests, which start a hub
 * with {@link startModelHost} and can throttle it or make it drop connections.
 */
import { createReadStream, statSync, type Stats } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** `../shared/models` beside the repository, or `$SOTTO_SHARED/models`. */
export const SHARED_MODELS_DIR = join(process.env.SOTTO_SHARED ?? resolve(repoRoot, '..', 'shared'), 'models');

/** Folder holding the files of `modelId`, or null for an id that is not a plain `org/name`. */
export function modelDirectory(modelId: string): string | null {
  if (!/^[\w.-]+\/[\w.-]+$/.test(modelId) || modelId.includes('..')) return null;
  if (modelId === 'Xenova/whisper-tiny.en') return join(SHARED_MODELS_DIR, 'whisper-tiny.en');
  return join(SHARED_MODELS_DIR, 'configs-only', modelId);
}

/** Switches the tests flip while the host runs. */
export interface HostControls {
  /** Bytes per second per response; 0 = unthrottled. */
  throttleBytesPerSecond: number;
  /** While set, responses for files whose path matches `file` lose their connection when they reach byte `atByte` of the file. */
  dropConnection: { file: RegExp; atByte: number } | null;
}

/** One request the host answered. */
export interface HostRequest {
  method: string;
  /** Model id and file path. */
  modelId: string;
  file: string;
  /** The Range header, if any. */
  range: string | null;
  status: number;
}

export interface HandlerOptions {
  layout: 'hub' | 'flat';
  controls?: HostControls;
  log?: HostRequest[];
}

/**
 * A Node/Connect request handler for model files. Calls `next()` for URLs outside its layout
 * and for files it does not have (so it can sit in Vite's middleware chain); `next` defaults
 * to a 404.
 */
export function createModelFileHandler(options: HandlerOptions) {
  const controls: HostControls = options.controls ?? { throttleBytesPerSecond: 0, dropConnection: null };
  return (request: IncomingMessage, response: ServerResponse, next: () => void = () => notFound(response)) => {
    const target = parseTarget(request.url ?? '/', options.layout);
    if (!target) return next();
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Access-Control-Expose-Headers', 'ETag, Content-Range, Content-Length, Accept-Ranges');
    response.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (request.method === 'OPTIONS') {
      response.writeHead(204, { 'Access-Control-Allow-Headers': 'Range, If-Range', 'Access-Control-Allow-Methods': 'GET, HEAD' });
      return response.end();
    }
    const path = resolveFile(target.modelId, target.file);
    const stats = path ? statFile(path) : null;
    const record = (status: number) =>
      options.log?.push({ method: request.method ?? 'GET', ...target, range: request.headers.range ?? null, status });
    if (!path || !stats) {
      record(404);
      return next();
    }
    const range = parseRange(request.headers.range, stats.size);
    if (range === 'unsatisfiable') {
      record(416);
      response.writeHead(416, { 'Content-Range': `bytes */${stats.size}` });
      return response.end();
    }
    const [start, end] = range ?? [0, stats.size - 1];
    const status = range ? 206 : 200;
    record(status);
    response.writeHead(status, {
      'Content-Type': path.endsWith('.json') ? 'application/json' : 'application/octet-stream',
      'Content-Length': String(end - start + 1),
      'Accept-Ranges': 'bytes',
      ETag: `"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`,
      'Cache-Control': 'no-cache',
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${stats.size}` } : {}),
    });
    if (request.method === 'HEAD' || end < start) return response.end();
    const drop = controls.dropConnection?.file.test(target.file) ? controls.dropConnection.atByte - start : Infinity;
    void sendBytes(path, start, end, response, controls.throttleBytesPerSecond, drop);
  };
}

/** A running model host that mimics the Hugging Face hub's layout. */
export interface ModelHost {
  /** Base URL, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  controls: HostControls;
  /** Every request answered, in order. */
  log: HostRequest[];
  close(): Promise<void>;
}

/** Starts a hub-layout model host on 127.0.0.1 (a free port unless `port` is given). */
export async function startModelHost(port = 0): Promise<ModelHost> {
  const controls: HostControls = { throttleBytesPerSecond: 0, dropConnection: null };
  const log: HostRequest[] = [];
  const handler = createModelFileHandler({ layout: 'hub', controls, log });
  const server = createServer((request, response) => handler(request, response));
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/`,
    controls,
    log,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function parseTarget(url: string, layout: HandlerOptions['layout']): { modelId: string; file: string } | null {
  let path: string;
  try {
    path = decodeURIComponent(url.split('?')[0]!);
  } catch {
    return null; // malformed escapes: not ours
  }
  const match = layout === 'hub' ? path.match(/^\/([^/]+\/[^/]+)\/resolve\/[^/]+\/(.+)$/) : path.match(/^\/models\/([^/]+\/[^/]+)\/(.+)$/);
  return match ? { modelId: match[1]!, file: match[2]! } : null;
}

/** The file's path on disk, or null when it would leave the model's folder. */
function resolveFile(modelId: string, file: string): string | null {
  const dir = modelDirectory(modelId);
  if (!dir) return null;
  const path = normalize(join(dir, file));
  return path.startsWith(dir + sep) ? path : null;
}

function statFile(path: string): Stats | null {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats : null;
  } catch {
    return null;
  }
}

/** A single `bytes=a-b`, `bytes=a-` or `bytes=-n` range, clamped; null for none or one we ignore. */
function parseRange(header: string | undefined, size: number): [number, number] | 'unsatisfiable' | null {
  const match = header?.match(/^bytes=(\d*)-(\d*)$/);
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const [start, end] = match[1] === '' ? [Math.max(0, size - Number(match[2])), size - 1] : [Number(match[1]), match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)];
  return start >= size || start > end ? 'unsatisfiable' : [start, end];
}

/** Streams bytes start..end (inclusive), throttled, destroying the socket after `dropAfter` bytes. */
async function sendBytes(path: string, start: number, end: number, response: ServerResponse, bytesPerSecond: number, dropAfter: number) {
  const began = Date.now();
  let sent = 0;
  try {
    for await (const piece of createReadStream(path, { start, end, highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
      const room = dropAfter - sent;
      if (room <= 0) break;
      const part = piece.length > room ? piece.subarray(0, room) : piece;
      if (!response.write(part)) await new Promise((drain) => response.once('drain', drain));
      sent += part.length;
      if (bytesPerSecond > 0) {
        const due = began + (sent / bytesPerSecond) * 1000;
        if (due > Date.now()) await new Promise((wait) => setTimeout(wait, due - Date.now()));
      }
      if (response.destroyed) return;
    }
    if (sent < end - start + 1) response.destroy();
    else response.end();
  } catch {
    response.destroy();
  }
}

function notFound(response: ServerResponse) {
  response.writeHead(404, { 'Content-Type': 'text/plain' });
  response.end('Not found');
}
