// The four engine operations as the benchmark runs them, each checking its own result so a timing can
// never be the timing of a failure: sign, verify (must be valid + trusted + sender match), encrypt, decrypt.
import { signMessage } from '../src/crypto/smime/sign-message';
import { verifyMessage } from '../src/crypto/smime/verify-message';
import { encryptMessage } from '../src/crypto/smime/encrypt-message';
import { decryptMessage } from '../src/crypto/smime/decrypt-message';
import { importPrivateKeyForSigning } from '../src/crypto/cms/import-signing-key';
import { splitMessageForSmime } from '../src/crypto/smime/prepare-content-entity';
import { bytesEqual } from '../src/crypto/bytes';

export type OpName = 'sign' | 'verify' | 'encrypt' | 'decrypt';
export const OPS: OpName[] = ['sign', 'verify', 'encrypt', 'decrypt'];

export interface EngineInputs {
  certDer: Uint8Array;
  caDer: Uint8Array;
  keyPkcs8: Uint8Array;
  message: Uint8Array;
  /** Our own signed / encrypted outputs, the inputs of verify / decrypt. */
  signed?: Uint8Array;
  encrypted?: Uint8Array;
}

export interface EngineContext {
  privateKey: CryptoKey;
  /** The MIME entity that sign/encrypt protect (message minus outer headers): what decrypt must return. */
  expectedContent: Uint8Array;
  now: Date;
}

export async function prepareEngine(inp: EngineInputs): Promise<EngineContext> {
  const { key } = await importPrivateKeyForSigning(inp.keyPkcs8);
  return { privateKey: key, expectedContent: splitMessageForSmime(inp.message).content, now: new Date() };
}

/**
 * Run one operation once; returns its output bytes (signed/encrypted message, or verified/decrypted content).
 * Cheap checks (verdict fields) run inside; the byte-for-byte plaintext check is checkEngineOutput, outside the timing.
 */
export async function runEngineOp(op: OpName, inp: EngineInputs, ctx: EngineContext): Promise<Uint8Array> {
  switch (op) {
    case 'sign': {
      const out = await signMessage(inp.message, { certificate: inp.certDer, privateKey: ctx.privateKey, chain: [inp.caDer] });
      if (out.length < inp.message.length) throw new Error('engine sign: output shorter than input');
      return out;
    }
    case 'verify': {
      if (!inp.signed) throw new Error('verify needs a signed message');
      const r = await verifyMessage(inp.signed, { userRoots: [inp.caDer], now: ctx.now });
      if (r.signature !== 'valid' || r.trust !== 'trusted' || r.sender !== 'match' || r.coverage !== 'full') {
        throw new Error(`engine verify failed: ${r.signature}/${r.trust}/${r.sender}/${r.coverage} ${r.reason ?? ''}`);
      }
      return r.signedContent ?? new Uint8Array(0);
    }
    case 'encrypt':
      return encryptMessage(inp.message, { recipients: [{ certificate: inp.certDer }], cipher: 'aes-256-cbc' });
    case 'decrypt': {
      if (!inp.encrypted) throw new Error('decrypt needs an encrypted message');
      const r = await decryptMessage(inp.encrypted, [{ certificate: inp.certDer, privateKeyPkcs8: inp.keyPkcs8 }], { userRoots: [inp.caDer], now: ctx.now });
      if (r.envelope.contentCipher !== 'AES-256-CBC') throw new Error(`engine decrypt: unexpected cipher ${r.envelope.contentCipher}`);
      return r.content;
    }
  }
}

/** Byte-level checks of an operation's output (kept out of the timed region: a 10 MB JS compare is not free). */
export function checkEngineOutput(op: OpName, out: Uint8Array, ctx: EngineContext): void {
  if ((op === 'decrypt' || op === 'verify') && !bytesEqual(out, ctx.expectedContent)) {
    throw new Error(`engine ${op}: returned content differs from the original content`);
  }
}
