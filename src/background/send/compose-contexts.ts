// Short-lived handles for composers opened from Gmail: the launcher hands over the mode, the tab's account and the
// raw message being replied to; the composer page redeems the handle. Memory only (a service-worker restart drops
// them; the composer then says so), bounded in number and age.
import type { MailProvider } from '../../shared/messages';

export interface StoredComposeContext {
  mode: 'new' | 'reply' | 'reply-all' | 'forward';
  account: string | null;
  provider: MailProvider;
  threadId: string | null;
  message: Uint8Array | null;
  createdAt: number;
}

export const CONTEXT_TTL_MS = 60 * 60_000;
const MAX_CONTEXTS = 32;

export class ComposeContexts {
  private readonly map = new Map<string, StoredComposeContext>();
  constructor(private readonly now: () => number) {}

  put(ctx: Omit<StoredComposeContext, 'createdAt'>): string {
    this.prune();
    while (this.map.size >= MAX_CONTEXTS) this.map.delete(this.map.keys().next().value as string);
    const r = globalThis.crypto.getRandomValues(new Uint8Array(16));
    const handle = Array.from(r, (b) => b.toString(16).padStart(2, '0')).join('');
    this.map.set(handle, { ...ctx, createdAt: this.now() });
    return handle;
  }

  get(handle: string): StoredComposeContext | undefined {
    this.prune();
    return this.map.get(handle);
  }

  private prune(): void {
    const limit = this.now() - CONTEXT_TTL_MS;
    for (const [k, v] of this.map) if (v.createdAt < limit) this.map.delete(k);
  }
}
