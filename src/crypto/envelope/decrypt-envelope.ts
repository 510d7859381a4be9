// Decrypts a CMS EnvelopedData / AuthEnvelopedData (DER or BER) with one of the caller's keys and says how it was
// protected. Every cryptographic failure after recipient matching is the same generic 'auth-failed' (no oracle).

import { EngineError, isEngineError } from '../errors';
import { readCertificateFields, matchesIssuerSerial, matchesSki, type CertificateFields } from './certificate-fields';
import { contentCipher, decryptContent } from './content-ciphers';
import { parseEnvelope } from './parse-envelope';
import type { KeyAgreeRecipient, KeyTransRecipient, RecipientDescription, RecipientIdentifier } from './recipient-infos';
import { unwrapKeyAgreement, unwrapKeyTransport } from './unwrap-content-key';
import { decryptionFailed } from '../primitives/decryption-failed';
import { toHex } from '../bytes';

const EMPTY = new Uint8Array(0);

export type { RecipientDescription } from './recipient-infos';

export interface DecryptedEnvelope {
  content: Uint8Array;
  /** OID of the encrypted content type (normally id-data). */
  contentType: string;
  kind: 'enveloped' | 'auth-enveloped';
  /** e.g. "AES-256-CBC", "AES-128-GCM", "3DES-CBC". */
  contentCipher: string;
  /** True only for AEAD (AuthEnvelopedData): CBC content can be altered undetectably (EFAIL). */
  integrityProtected: boolean;
  recipients: RecipientDescription[];
  usedRecipient: RecipientDescription;
}

export interface DecryptionKey {
  certificate: Uint8Array;
  privateKeyPkcs8: Uint8Array;
}

/** Largest envelope accepted (attachments included); beyond this we refuse rather than exhaust memory. */
export const MAX_ENVELOPE_BYTES = 256 * 1024 * 1024;

/**
 * Private-key operations per key and message. Anyone can build an envelope with a thousand recipient entries that
 * name a user's public certificate; each would cost one RSA or ECDH operation (seconds in all). Legitimate mail
 * names a certificate once, rarely twice.
 */
export const MAX_ATTEMPTS_PER_KEY = 3;

/** Entries that would repeat the same private-key operation with the same inputs are tried once. */
function operationId(r: KeyTransRecipient | KeyAgreeRecipient, keyIndex: number): string {
  const parts = [String(keyIndex), r.type, toHex(r.algorithm.der), toHex(r.encryptedKey)];
  if (r.type === 'kari') parts.push(toHex(r.keyWrap.der), toHex(r.originatorKey?.publicKey ?? EMPTY), toHex(r.ukm ?? EMPTY));
  return parts.join(':');
}

function ridMatches(rid: RecipientIdentifier, cert: CertificateFields): boolean {
  return rid.kind === 'ski' ? matchesSki(cert, rid.ski) : matchesIssuerSerial(cert, rid.issuerDer, rid.serial);
}

/**
 * `acceptContent` rejects a decryption whose plaintext cannot be right (a wrong key that happened to give valid CBC
 * padding); the next candidate is tried, and if none is left the failure is the same generic 'auth-failed'.
 */
export async function decryptEnvelope(cms: Uint8Array, keys: DecryptionKey[], acceptContent?: (content: Uint8Array) => boolean): Promise<DecryptedEnvelope> {
  if (cms.length > MAX_ENVELOPE_BYTES) throw new EngineError('too-large', 'The encrypted message is too large');
  const env = parseEnvelope(cms);
  const recipients = env.recipients.map((r) => r.description);

  const candidates: Array<{ r: KeyTransRecipient | KeyAgreeRecipient; cert: CertificateFields; key: DecryptionKey }> = [];
  const seen = new Set<string>();
  keys.forEach((key, keyIndex) => {
    const cert = readCertificateFields(key.certificate);
    let attempts = 0;
    for (const r of env.recipients) {
      if (attempts >= MAX_ATTEMPTS_PER_KEY) break; // the rest fail like any wrong entry: indistinguishable
      if ((r.type === 'ktri' || r.type === 'kari') && ridMatches(r.rid, cert)) {
        const id = operationId(r, keyIndex);
        if (seen.has(id)) continue;
        seen.add(id);
        candidates.push({ r, cert, key });
        attempts++;
      }
    }
  });
  if (candidates.length === 0) {
    const list = recipients.map((d) => `${d.id} (${d.type}, ${d.algorithm})`).join('; ');
    throw new EngineError('not-for-this-identity', `This message was not encrypted for your certificate. It is for: ${list}`, { recipients });
  }

  const cipher = contentCipher(env.contentEncryptionAlgorithm, env.kind);
  let lastError: EngineError = decryptionFailed();
  for (const { r, cert, key } of candidates) {
    try {
      const cek =
        r.type === 'ktri'
          ? await unwrapKeyTransport(r, key.privateKeyPkcs8, cipher.keyLength)
          : await unwrapKeyAgreement(r, cert, key.privateKeyPkcs8);
      const content = await decryptContent({
        alg: env.contentEncryptionAlgorithm,
        kind: env.kind,
        key: cek,
        ciphertext: env.encryptedContent,
        mac: env.mac,
        aad: env.authAttrsAad,
      });
      if (acceptContent && !acceptContent(content)) throw decryptionFailed();
      return {
        content,
        contentType: env.contentType,
        kind: env.kind,
        contentCipher: cipher.name,
        integrityProtected: env.kind === 'auth-enveloped',
        recipients,
        usedRecipient: r.description,
      };
    } catch (e) {
      // Only our own precise errors pass through; anything unexpected from WebCrypto is the generic failure.
      lastError = isEngineError(e) ? e : decryptionFailed();
    }
  }
  throw lastError;
}
