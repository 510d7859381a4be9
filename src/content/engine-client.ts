// The content script's narrow view of the background: verify, harvest and the toolbar badge. Decryption is not
// here on purpose: only the extension-origin decrypted frame asks for plaintext.
import type { VerifyResult } from '../crypto/types';
import { RPC_PORT_NAME, type TabVerdict } from '../shared/messages';
import { createRpcClient, type RpcClient } from '../shared/rpc';

export interface ReadViewBackend {
  verify(raw: Uint8Array): Promise<VerifyResult>;
  /** Store the signer's certificate in the address book (the background re-verifies). */
  harvest(raw: Uint8Array): Promise<void>;
  setTabVerdict(v: TabVerdict): Promise<void>;
}

export function createBackend(client: RpcClient = createRpcClient(() => chrome.runtime.connect({ name: RPC_PORT_NAME }))): ReadViewBackend {
  return {
    verify: (raw) => client.callOrThrow('verify-message', { message: raw }),
    async harvest(raw) {
      await client.call('harvest-certificate', { message: raw });
    },
    async setTabVerdict(verdict) {
      await client.call('set-tab-verdict', { verdict });
    },
  };
}
