// The read view's perf counters are answered to any script in the webmail page (the e2e benchmark asks for them),
// so they must stay aggregate numbers: no per-message tables, nothing keyed by message id.
import { describe, expect, it } from 'vitest';
import { ReadViewController } from '../../src/content/read-view-controller';
import type { ReadViewBackend } from '../../src/content/engine-client';
import type { SiteAdapter } from '../../src/content/sites/site-adapter';

const never = () => Promise.reject(new Error('not used'));
const adapter: SiteAdapter = {
  name: 'fake',
  changedMessage: 'statusGmailChanged',
  idAttributes: [],
  watchSelector: 'div',
  findOpenMessages: () => [],
  senderAddress: () => null,
  fetchRawSource: never,
  detectBroken: () => false,
  noticeMount: () => {
    throw new Error('not used');
  },
};
const backend: ReadViewBackend = { verify: never, harvest: never, setTabVerdict: never, stage: never, isLocked: never, openComposer: never, senderSignals: never, dismissSignatureMissing: never };

describe('read view perf counters', () => {
  it('are flat numbers only (what the page may read carries no message ids)', () => {
    const controller = new ReadViewController({} as Document, adapter, backend);
    const perf = JSON.parse(JSON.stringify(controller.perf)) as Record<string, unknown>;
    expect(Object.keys(perf).length).toBeGreaterThan(5);
    for (const [key, value] of Object.entries(perf)) expect(typeof value, key).toBe('number');
  });
});
