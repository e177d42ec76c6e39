import { describe, expect, it } from 'vitest';
import { HUGGING_FACE_HOST, modelBaseUrl, modelFileUrl, normalizeHost, SELF_HOSTED, transformersHost } from '../../../src/model-store/model-host';

const page = 'https://sotto.example/app/?model=x';

describe('model hosts', () => {
  it('keeps the hub template and builds its URLs', () => {
    expect(normalizeHost(HUGGING_FACE_HOST, page)).toBe(HUGGING_FACE_HOST);
    expect(modelFileUrl(HUGGING_FACE_HOST, 'Xenova/whisper-tiny.en', 'main', 'onnx/encoder_model.onnx')).toBe(
      'https://huggingface.co/Xenova/whisper-tiny.en/resolve/main/onnx/encoder_model.onnx',
    );
    expect(modelBaseUrl(HUGGING_FACE_HOST, 'a/b', 'refs/pr/1')).toBe('https://huggingface.co/a/b/resolve/refs%2Fpr%2F1/');
  });

  it('gives a base URL without {model} the hub layout', () => {
    expect(normalizeHost('http://127.0.0.1:9000', page)).toBe('http://127.0.0.1:9000/{model}/resolve/{revision}/');
    expect(normalizeHost(' https://mirror.example/hf/// ', page)).toBe('https://mirror.example/hf/{model}/resolve/{revision}/');
  });

  it('resolves the self-hosted layout against the page', () => {
    expect(SELF_HOSTED).toBe('/models/{model}/');
    const host = normalizeHost(SELF_HOSTED, page);
    expect(host).toBe('https://sotto.example/models/{model}/');
    expect(modelFileUrl(host, 'Xenova/whisper-tiny.en', 'main', 'config.json')).toBe('https://sotto.example/models/Xenova/whisper-tiny.en/config.json');
    expect(normalizeHost('models/{model}', page)).toBe('https://sotto.example/app/models/{model}/');
  });

  it('rejects what is not an http(s) host template', () => {
    expect(() => normalizeHost('', page)).toThrow(/address/);
    expect(() => normalizeHost('ftp://example.org/', page)).toThrow(/http/);
    expect(() => normalizeHost('http://[bad', page)).toThrow(/not a valid URL/);
    expect(() => normalizeHost('https://x.example/?a=1', page)).toThrow(/query/);
    expect(() => normalizeHost('https://x.example/m-{model}/', page)).toThrow(/path segment/);
  });

  it('splits a template into transformers.js remoteHost and remotePathTemplate', () => {
    expect(transformersHost(HUGGING_FACE_HOST)).toEqual({ remoteHost: 'https://huggingface.co/', remotePathTemplate: '{model}/resolve/{revision}/' });
    expect(transformersHost('https://sotto.example/models/{model}/')).toEqual({ remoteHost: 'https://sotto.example/models/', remotePathTemplate: '{model}/' });
  });
});
