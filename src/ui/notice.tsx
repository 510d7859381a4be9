// A coloured sentence: good news, a warning, a problem, or neutral information.
import type { ComponentChildren } from 'preact';

export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

export function Notice({ tone, children, test }: { tone: Tone; children: ComponentChildren; test?: string }) {
  return (
    <div class={`note ${tone}`} role={tone === 'bad' ? 'alert' : 'status'} data-test={test}>
      {children}
    </div>
  );
}
