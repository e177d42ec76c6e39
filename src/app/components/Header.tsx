import type { ComponentChildren } from 'preact';
import type { ModelOptions } from '../../inference-worker/api';
import type { ModelEvent } from '../../inference-worker/protocol';
import { deviceLabel } from '../format/device';
import { Logo } from './Logo';

interface HeaderProps {
  requested: ModelOptions | null;
  model: ModelEvent | null;
  /** Buttons at the end of the header (Install, Models). */
  children?: ComponentChildren;
}

/** App title, the model in use (what was requested until the worker reports what it loaded), and actions. */
export function Header({ requested, model, children }: HeaderProps) {
  const modelId = model?.modelId ?? requested?.modelId;
  const device = model?.device ?? requested?.device;
  return (
    <header class="header">
      <div class="brand">
        <Logo />
        <div>
          <h1 class="brand__name">Sotto</h1>
          <p class="brand__tagline">Private, live speech-to-text</p>
        </div>
      </div>
      <div class="header__end">
        {modelId && (
          <p class="model">
            <span class="visually-hidden">Speech model: </span>
            <span class="model__id" data-testid="model" title={modelId}>
              {modelId}
            </span>
            <span class="chip" data-testid="device">
              {deviceLabel(device)}
            </span>
            {model?.dtype && <span class="chip chip--muted">{model.dtype}</span>}
          </p>
        )}
        {children}
      </div>
    </header>
  );
}
