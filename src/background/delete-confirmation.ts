// Deleting an identity is a deliberate two-step: 'prepare-delete-identity' issues a short-lived,
// single-use token bound to that identity; 'delete-identity' must present it. Tokens live in memory only.

const TOKEN_TTL_MS = 5 * 60_000;
const MAX_OUTSTANDING = 16;

export class DeleteConfirmations {
  private readonly tokens = new Map<string, { identityId: string; expiresAt: number }>();

  constructor(private readonly now: () => number) {}

  issue(identityId: string): { confirmToken: string; expiresAt: number } {
    this.sweep();
    if (this.tokens.size >= MAX_OUTSTANDING) this.tokens.delete(this.tokens.keys().next().value as string);
    const raw = globalThis.crypto.getRandomValues(new Uint8Array(16));
    const confirmToken = Array.from(raw, (b) => b.toString(16).padStart(2, '0')).join('');
    const expiresAt = this.now() + TOKEN_TTL_MS;
    this.tokens.set(confirmToken, { identityId, expiresAt });
    return { confirmToken, expiresAt };
  }

  /** True once for a matching, unexpired token; the token is spent either way. */
  consume(identityId: string, confirmToken: string): boolean {
    const entry = this.tokens.get(confirmToken);
    this.tokens.delete(confirmToken);
    return entry !== undefined && entry.identityId === identityId && this.now() < entry.expiresAt;
  }

  private sweep(): void {
    const now = this.now();
    for (const [token, entry] of this.tokens) if (entry.expiresAt <= now) this.tokens.delete(token);
  }
}
