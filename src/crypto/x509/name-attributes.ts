// Reads the (type, value) pairs of an X.501 Name as plain strings, the common ground for
// displaying names (format-name.ts) and comparing them (compare-names.ts).
import * as asn1js from 'asn1js';
import type { RelativeDistinguishedNames } from 'pkijs';
import { toHex } from '../bytes';

export const OID_EMAIL_ADDRESS = '1.2.840.113549.1.9.1';
export const OID_COMMON_NAME = '2.5.4.3';

export interface NameAttribute {
  oid: string;
  /** The decoded string, or undefined when the value is not a character string. */
  text?: string;
  /** DER of the value, for non-string values and exact comparisons. */
  derHex: string;
}

function valueText(value: unknown): string | undefined {
  if (
    value instanceof asn1js.Utf8String ||
    value instanceof asn1js.PrintableString ||
    value instanceof asn1js.IA5String ||
    value instanceof asn1js.TeletexString ||
    value instanceof asn1js.BmpString ||
    value instanceof asn1js.UniversalString ||
    value instanceof asn1js.VisibleString ||
    value instanceof asn1js.NumericString
  ) {
    return value.valueBlock.value;
  }
  return undefined;
}

export function nameAttributes(name: RelativeDistinguishedNames): NameAttribute[] {
  return name.typesAndValues.map((tv) => {
    const value: unknown = tv.value;
    let derHex = '';
    if (value instanceof asn1js.BaseBlock) derHex = toHex(new Uint8Array(value.toBER(false)));
    return { oid: tv.type, text: valueText(value), derHex };
  });
}

/** Values of one attribute type, in order (e.g. every CN). */
export function nameValues(name: RelativeDistinguishedNames, oid: string): string[] {
  const out: string[] = [];
  for (const a of nameAttributes(name)) if (a.oid === oid && a.text !== undefined) out.push(a.text);
  return out;
}
