// PEM armour for certificates: they arrive from users and test files as PEM as often as DER. The parsing
// and encoding are the engine's one PEM codec (../base64); this picks the certificate blocks.
import { derToPem, pemBlocks } from '../base64';
import { EngineError } from '../errors';

const MAX_PEM_BLOCKS = 1000;
const CERTIFICATE_LABELS = ['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE'] as const;

/** Every `-----BEGIN <label>-----` block in `text` with one of `labels`, decoded. Default: certificates. */
export function decodePemBlocks(text: string, labels: readonly string[] = CERTIFICATE_LABELS): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const b of pemBlocks(text)) {
    if (!labels.includes(b.label)) continue;
    if (out.length >= MAX_PEM_BLOCKS) throw new EngineError('too-large', `More than ${MAX_PEM_BLOCKS} PEM blocks.`);
    out.push(b.der);
  }
  return out;
}

/** True when the bytes look like PEM text (start with optional whitespace/text and contain a BEGIN line). */
export function looksLikePem(bytes: Uint8Array): boolean {
  // DER certificates start with 0x30; PEM is ASCII containing "-----BEGIN".
  if (bytes.length > 0 && bytes[0] === 0x30) return false;
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 4096)));
  return head.includes('-----BEGIN ');
}

/** PEM text with 64-character lines and LF line endings. */
export function encodePem(der: Uint8Array, label = 'CERTIFICATE'): string {
  return derToPem(der, label);
}
