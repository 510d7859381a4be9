// The content script's narrow view of the background: verify, harvest, the toolbar badge and whether the keystore is
// locked. Decryption is not here on purpose: only the extension-origin decrypted frame asks for plaintext.
import type { VerifyResult } from '../crypto/types';
import { RPC_PORT_NAME, type ComposeMode, type SenderSignals, type TabVerdict } from '../shared/messages';
import { createRpcClient, type RpcClient } from '../shared/rpc';
import type { RawSourceVia } from './sites/site-adapter';

export interface ReadViewBackend {
  verify(raw: Uint8Array): Promise<VerifyResult>;
  /**
   * Store the signer's certificate in the address book (the background re-verifies); says whether the sender's
   * certificate differs from the one seen before ("certificate changed").
   */
  harvest(raw: Uint8Array): Promise<{ changed: boolean; firstContact?: boolean }>;
  /** What the address book says about a sender: look-alike of a known address, signature missing. */
  senderSignals(address: string, signed: boolean): Promise<SenderSignals>;
  /** "This sender also sends unsigned mail". */
  dismissSignatureMissing(address: string): Promise<void>;
  /** The tab's worst verdict, and the SHA-256 of the open messages (the background badges its own verdicts). */
  setTabVerdict(v: TabVerdict, messages?: string[]): Promise<void>;
  /**
   * Hand a message to the background for a viewer frame in this tab; the frame gets only the returned token.
   * `via` names the raw-source path, which the details panel shows.
   */
  stage(raw: Uint8Array, purpose: 'decrypt' | 'details', via?: RawSourceVia): Promise<string>;
  /** Whether the keys are locked (passphrase mode); the read view polls this while a message waits for an unlock. */
  isLocked(): Promise<boolean>;
  /**
   * Opens the extension's composer to reply to / forward `raw` (asked for by the decrypted frame's buttons). The
   * background derives the quote from the message itself (what the reader was shown), never from this script.
   */
  openComposer(mode: Exclude<ComposeMode, 'new'>, raw: Uint8Array, info: { account?: string; threadId?: string }): Promise<void>;
}

export function createBackend(client: RpcClient = createRpcClient(() => chrome.runtime.connect({ name: RPC_PORT_NAME }))): ReadViewBackend {
  return {
    verify: (raw) => client.callOrThrow('verify-message', { message: raw }),
    async harvest(raw) {
      const r = await client.call('harvest-certificate', { message: raw });
      return { changed: r.ok && r.value.changed, firstContact: r.ok && r.value.firstContact === true };
    },
    senderSignals: (address, signed) => client.callOrThrow('sender-signals', { address, signed }),
    async dismissSignatureMissing(address) {
      await client.callOrThrow('dismiss-signature-missing', { address });
    },
    async stage(message, purpose, via) {
      return (await client.callOrThrow('stage-message', { message, purpose, ...(via ? { via } : {}) })).token;
    },
    async setTabVerdict(verdict, messages) {
      await client.call('set-tab-verdict', { verdict, ...(messages && messages.length > 0 ? { messages } : {}) });
    },
    async openComposer(mode, raw, info) {
      await client.callOrThrow('open-composer', { mode, message: raw, ...(info.account ? { account: info.account } : {}), ...(info.threadId ? { threadId: info.threadId } : {}) });
    },
    async isLocked() {
      return (await client.callOrThrow('keystore-status', {})).locked;
    },
  };
}
