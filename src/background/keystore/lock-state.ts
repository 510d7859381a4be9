// In-memory lock state for passphrase mode: the derived KEK lives only here, and only while unlocked.
// The idle deadline is checked on every use (so a late alarm never leaves keys usable) and by an alarm.
// A service-worker restart loses this object: passphrase mode then starts locked (documented default).

export interface Clock {
  now(): number; // epoch ms
}

export const systemClock: Clock = { now: () => Date.now() };

export class LockState {
  private kek: CryptoKey | null = null;
  private lastActivity = 0;
  private readonly listeners = new Set<(locked: boolean) => void>();

  constructor(
    private readonly clock: Clock,
    public autoLockMinutes: number,
  ) {}

  unlock(kek: CryptoKey): void {
    this.kek = kek;
    this.lastActivity = this.clock.now();
    this.emit(false);
  }

  lock(): void {
    const was = this.kek !== null;
    this.kek = null;
    if (was) this.emit(true);
  }

  get isUnlocked(): boolean {
    return this.current() !== null;
  }

  /** The KEK if unlocked and not idle past the deadline (otherwise locks and returns null). */
  current(): CryptoKey | null {
    if (this.kek && this.idleExpired()) this.lock();
    return this.kek;
  }

  /** Record activity that uses the keys (resets the idle timer). */
  touch(): void {
    if (this.kek) this.lastActivity = this.clock.now();
  }

  autoLockAt(): number | null {
    if (!this.kek || this.autoLockMinutes <= 0) return null;
    return this.lastActivity + this.autoLockMinutes * 60_000;
  }

  /** Called by the auto-lock alarm. Returns true if this call locked the keystore. */
  checkAutoLock(): boolean {
    if (this.kek && this.idleExpired()) {
      this.lock();
      return true;
    }
    return false;
  }

  onChange(listener: (locked: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private idleExpired(): boolean {
    const at = this.autoLockAt();
    return at !== null && this.clock.now() >= at;
  }

  private emit(locked: boolean): void {
    for (const l of this.listeners) l(locked);
  }
}
