// A shallow DER walker: the ranges of the elements inside one element, without decoding them. A 10 MB CRL holds
// hundreds of thousands of entries, more than the full BER reader's element bound, so the CRL parser walks the
// entry list with this and fully decodes only what it needs, one small element at a time.
import { malformed } from '../asn1/ber-reader';

export interface DerRange {
  /** First identifier octet. */
  identifier: number;
  start: number;
  contentStart: number;
  end: number;
}

/** The element starting at `offset` (DER: definite lengths, single-octet tags). */
export function readDerHeader(input: Uint8Array, offset: number, limit: number): DerRange {
  if (offset + 2 > limit) throw malformed('truncated element');
  const identifier = input[offset];
  if ((identifier & 0x1f) === 0x1f) throw malformed('multi-octet tags are not used in CRLs or OCSP');
  let p = offset + 1;
  const lb = input[p++];
  let length: number;
  if (lb < 0x80) length = lb;
  else if (lb === 0x80) throw malformed('indefinite length where DER is required');
  else {
    const n = lb & 0x7f;
    if (n > 4 || p + n > limit) throw malformed('bad length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + input[p++];
  }
  const end = p + length;
  if (end > limit) throw malformed('element runs past its container');
  return { identifier, start: offset, contentStart: p, end };
}

/** The direct children of the constructed element `parent`. */
export function splitChildren(input: Uint8Array, parent: DerRange): DerRange[] {
  const out: DerRange[] = [];
  let p = parent.contentStart;
  while (p < parent.end) {
    const r = readDerHeader(input, p, parent.end);
    out.push(r);
    p = r.end;
  }
  return out;
}

export function rangeBytes(input: Uint8Array, r: DerRange): Uint8Array {
  return input.subarray(r.start, r.end);
}
