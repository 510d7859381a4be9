// The read view's memory of what the address book said about each sender, so every opened message costs at most
// one background look-up per (sender, signed) pair and a scan never waits: an unknown answer is asked for once and
// the scan runs again when it arrives. Bounded, and forgets a sender when the user dismisses its warning.
import { addressKey } from '../crypto/mime/address-key';
import type { SenderSignals } from '../shared/messages';
import type { ReadViewBackend } from './engine-client';
import { senderSignalKey } from '../shared/message-digest';

const MAX_ENTRIES = 1000;

export class SenderWatch {
  private readonly answers = new Map<string, SenderSignals | null>(); // null = asked, no answer yet (or failed)
  /** Each unsigned sender's key among the tab's verdicts (the background records its warning under it). */
  private readonly keys = new Map<string, string>();

  constructor(
    private readonly backend: Pick<ReadViewBackend, 'senderSignals' | 'dismissSignatureMissing'>,
    private readonly onAnswer: () => void,
  ) {}

  /** Signals for an unsigned message's sender; undefined until the background has answered (asks once). */
  forUnsigned(address: string): SenderSignals | undefined {
    const key = `u:${addressKey(address)}`;
    const known = this.answers.get(key);
    if (known !== undefined) return known ?? undefined;
    this.remember(key, null);
    void Promise.all([this.backend.senderSignals(address, false), senderSignalKey(address)])
      .then(([s, digest]) => {
        this.keys.set(address.toLowerCase(), digest);
        if (this.keys.size > MAX_ENTRIES) this.keys.delete(this.keys.keys().next().value as string);
        this.remember(key, s);
        this.onAnswer();
      })
      .catch(() => undefined); // rate-limited or restarting: say nothing rather than guess
    return undefined;
  }

  /** Signals for a verified message's From address (asked at most once per address). */
  async forSigned(address: string): Promise<SenderSignals | undefined> {
    const key = `s:${addressKey(address)}`;
    const known = this.answers.get(key);
    if (known) return known;
    try {
      const s = await this.backend.senderSignals(address, true);
      this.remember(key, s);
      return s;
    } catch {
      return undefined;
    }
  }

  /** The key the popup knows this sender's warning by (after the answer arrived). */
  keyOf(address: string): string | undefined {
    return this.keys.get(address.toLowerCase());
  }

  /** A signed mail from this address was just learnt from: its unsigned-mail answer may have changed. */
  forgetUnsigned(address: string): void {
    this.answers.delete(`u:${address.toLowerCase()}`);
  }

  async dismiss(address: string): Promise<void> {
    await this.backend.dismissSignatureMissing(address);
    this.answers.delete(`u:${addressKey(address)}`);
    this.onAnswer();
  }

  private remember(key: string, value: SenderSignals | null): void {
    this.answers.delete(key);
    this.answers.set(key, value);
    if (this.answers.size > MAX_ENTRIES) this.answers.delete(this.answers.keys().next().value as string);
  }
}
