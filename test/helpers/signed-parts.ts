// A genuinely signed content part and its signature part, to reassemble into multipart/signed messages with any
// outer formatting: the outer Content-Type, delimiters, preamble and epilogue are outside the signature, so every
// variant still carries a signature that verifies over the same content bytes.
import { importPrivateKeyForSigning } from '../../src/crypto/cms/import-signing-key';
import { utf8 } from '../../src/crypto/bytes';
import { parseMime } from '../../src/crypto/mime/parse-mime';
import { signEntity } from '../../src/crypto/smime/sign-message';
import type { TestPki } from './pki-fixtures';

export interface SignedParts {
  /** Exact bytes of the signed content entity (what the signature covers). */
  content: string;
  /** The application/pkcs7-signature entity. */
  signature: string;
}

const latin1 = new TextDecoder('latin1');

export async function signedParts(pki: TestPki, content: string): Promise<SignedParts> {
  const { key } = await importPrivateKeyForSigning(pki.leaves.rsa.pkcs8);
  const entity = await signEntity(utf8(content), { certificate: pki.leaves.rsa.der, privateKey: key, chain: [pki.intermediate.der] });
  const parsed = parseMime(entity);
  return { content: latin1.decode(parsed.children[0].raw), signature: latin1.decode(parsed.children[1].raw) };
}

export interface Assembly {
  /** The Content-Type header value (after "Content-Type:"), folding included. */
  contentType: string;
  /** The boundary as written in delimiter lines. */
  delimiter: string;
  preamble?: string;
  epilogue?: string;
  /** Text after "--boundary" on the delimiter lines (transport padding). */
  padding?: string;
  from: string;
}

/** A whole message as Latin-1 text: headers, multipart/signed body with the two parts. */
export function assemble(parts: SignedParts, a: Assembly): string {
  const pad = a.padding ?? '';
  return (
    `From: ${a.from}\r\nSubject: Quarterly figures\r\nMIME-Version: 1.0\r\nContent-Type:${a.contentType}\r\n\r\n` +
    (a.preamble ?? '') +
    `--${a.delimiter}${pad}\r\n${parts.content}\r\n--${a.delimiter}${pad}\r\n${parts.signature}\r\n--${a.delimiter}--${pad}\r\n` +
    (a.epilogue ?? '')
  );
}

export const latin1Bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
