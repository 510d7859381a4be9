// asn1js.fromBER either reports errors through offset -1 or throws (e.g. on a malformed GeneralizedTime);
// this gives one strict entry point: whole input consumed, or EngineError('malformed').
import * as asn1js from 'asn1js';
import { EngineError, foreignError } from '../errors';

export function decodeDer(bytes: Uint8Array, what: string): asn1js.AsnType {
  let asn: ReturnType<typeof asn1js.fromBER>;
  try {
    asn = asn1js.fromBER(bytes);
  } catch (e) {
    throw foreignError('malformed', `${what} is not valid DER.`, e);
  }
  if (asn.offset === -1) throw new EngineError('malformed', `${what} is not valid DER.`, { cause: asn.result.error });
  if (asn.offset !== bytes.length) throw new EngineError('malformed', `${what} has trailing bytes after the DER structure.`);
  return asn.result;
}
