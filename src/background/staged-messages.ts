// Messages a content script hands over for display in an extension frame inside the webmail tab. The frame
// gets only a one-time token: the background releases the message once, to an extension frame in the same
// tab. So a webmail page that creates its own viewer frame cannot feed it ciphertexts of its choosing, and a
// per-tab budget of decryption failures stops a page from using real mail as a padding oracle.

import type { RawSourceVia } from '../shared/messages';

export type StagePurpose = 'decrypt' | 'details';

interface Staged {
  tabId: number;
  purpose: StagePurpose;
  message: Uint8Array;
  via?: RawSourceVia;
  expires: number;
}

export const STAGE_TTL_MS = 10 * 60_000;
const MAX_STAGED = 64;
const MAX_STAGED_BYTES = 128 * 1024 * 1024;
/** Decryption failures allowed per tab per window; a padding oracle needs hundreds. */
export const MAX_DECRYPT_FAILURES = 5;
const FAILURE_WINDOW_MS = 60 * 60_000;

export class StagedMessages {
  private readonly items = new Map<string, Staged>();
  private readonly failures = new Map<number, number[]>();

  constructor(private readonly now: () => number) {}

  stage(tabId: number, purpose: StagePurpose, message: Uint8Array, via?: RawSourceVia): string {
    this.prune();
    while (this.items.size >= MAX_STAGED || this.bytes() + message.length > MAX_STAGED_BYTES) {
      const oldest = this.items.keys().next().value;
      if (oldest === undefined) break;
      this.items.delete(oldest);
    }
    const token = globalThis.crypto.randomUUID();
    this.items.set(token, { tabId, purpose, message, ...(via ? { via } : {}), expires: this.now() + STAGE_TTL_MS });
    return token;
  }

  /** The staged message, once, if the token is live and belongs to this tab. */
  take(token: string, tabId: number | undefined): { purpose: StagePurpose; message: Uint8Array; via?: RawSourceVia } | undefined {
    this.prune();
    const s = this.items.get(token);
    if (!s || tabId === undefined || s.tabId !== tabId) return undefined;
    this.items.delete(token);
    return { purpose: s.purpose, message: s.message, ...(s.via ? { via: s.via } : {}) };
  }

  recordDecryptFailure(tabId: number): void {
    const list = this.recentFailures(tabId);
    list.push(this.now());
    this.failures.set(tabId, list);
  }

  decryptBlocked(tabId: number): boolean {
    return this.recentFailures(tabId).length >= MAX_DECRYPT_FAILURES;
  }

  private recentFailures(tabId: number): number[] {
    const since = this.now() - FAILURE_WINDOW_MS;
    return (this.failures.get(tabId) ?? []).filter((t) => t > since);
  }

  private bytes(): number {
    let n = 0;
    for (const s of this.items.values()) n += s.message.length;
    return n;
  }

  private prune(): void {
    const now = this.now();
    for (const [k, s] of this.items) if (s.expires <= now) this.items.delete(k);
  }
}
