// X.509 and CMS carry ECDSA signatures as DER SEQUENCE { r, s }; WebCrypto wants the fixed-width r||s
// (IEEE P1363) form. Strict DER: asn1js tolerates some mis-encodings (e.g. a SEQUENCE length shorter than its
// content), which would make signatures malleable, so the input must equal the canonical re-encoding.
import * as asn1js from 'asn1js';
import { EngineError } from '../errors';
import { decodeDer } from './decode-der';

export const EC_COORDINATE_BYTES: Record<'P-256' | 'P-384' | 'P-521', number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };

function unsigned(int: asn1js.Integer, size: number): Uint8Array {
  let bytes = int.valueBlock.valueHexView;
  if (bytes.length > 0 && bytes[0] & 0x80) throw new EngineError('malformed', 'ECDSA signature component is negative.');
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  bytes = bytes.subarray(i);
  if (bytes.length > size) throw new EngineError('malformed', 'ECDSA signature component is too large for the curve.');
  const out = new Uint8Array(size);
  out.set(bytes, size - bytes.length);
  return out;
}

function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  if (n < 0x100) return [0x81, n];
  return [0x82, n >> 8, n & 0xff];
}

function derInteger(fixed: Uint8Array): number[] {
  let i = 0;
  while (i < fixed.length - 1 && fixed[i] === 0) i++;
  const body = Array.from(fixed.subarray(i));
  if (body[0] & 0x80) body.unshift(0);
  return [0x02, ...derLength(body.length), ...body];
}

/** Canonical DER SEQUENCE { r, s } for a raw r||s signature. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const content = [...derInteger(raw.subarray(0, half)), ...derInteger(raw.subarray(half))];
  return Uint8Array.from([0x30, ...derLength(content.length), ...content]);
}

export function ecdsaDerToRaw(der: Uint8Array, coordinateBytes: number): Uint8Array {
  const seq = decodeDer(der, 'ECDSA signature');
  if (!(seq instanceof asn1js.Sequence) || seq.valueBlock.value.length !== 2) {
    throw new EngineError('malformed', 'ECDSA signature is not SEQUENCE { r, s }.');
  }
  const [r, s] = seq.valueBlock.value;
  if (!(r instanceof asn1js.Integer) || !(s instanceof asn1js.Integer)) {
    throw new EngineError('malformed', 'ECDSA signature components are not INTEGERs.');
  }
  const out = new Uint8Array(coordinateBytes * 2);
  out.set(unsigned(r, coordinateBytes), 0);
  out.set(unsigned(s, coordinateBytes), coordinateBytes);
  const canonical = ecdsaRawToDer(out);
  if (canonical.length !== der.length || canonical.some((b, i) => b !== der[i])) {
    throw new EngineError('malformed', 'ECDSA signature is not in canonical DER.');
  }
  return out;
}
