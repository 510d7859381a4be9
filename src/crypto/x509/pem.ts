// PEM armour: certificates arrive from users and test files as PEM as often as DER.
import { EngineError } from '../errors';
import { decodeBase64, encodeBase64 } from './base64';

const MAX_PEM_BLOCKS = 1000;

/** Every `-----BEGIN <label>-----` block in `text`, decoded. Default label: CERTIFICATE (also X509 CERTIFICATE). */
export function decodePemBlocks(text: string, labels: readonly string[] = ['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']): Uint8Array[] {
  const out: Uint8Array[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (!labels.includes(m[1])) continue;
    if (out.length >= MAX_PEM_BLOCKS) throw new EngineError('too-large', `More than ${MAX_PEM_BLOCKS} PEM blocks.`);
    // RFC 7468 allows (legacy) headers before the base64 body; skip "Name: value" lines.
    const body = m[2]
      .split(/\r?\n/)
      .filter((line) => !/^[A-Za-z-]+:/.test(line.trim()))
      .join('');
    out.push(decodeBase64(body));
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

export function encodePem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = encodeBase64Lines(der);
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

function encodeBase64Lines(der: Uint8Array): string {
  const b64 = encodeBase64(der);
  let s = '';
  for (let i = 0; i < b64.length; i += 64) s += b64.slice(i, i + 64) + '\n';
  return s;
}
