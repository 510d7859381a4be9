// RSAES-OAEP-params (RFC 4055/8017) for CMS key transport: read (with the SHA-1 defaults) and write (SHA-256).

import { EngineError } from '../errors';
import type { OaepParams } from '../primitives/rsa-oaep-decrypt';
import { type Asn1Node, childrenOf, contentBytes, identifierOctet } from '../asn1/ber-reader';
import { derAlgorithmIdentifier, readAlgorithmIdentifier } from '../asn1/algorithm-identifier';
import { derExplicit, derNull, derSequence } from '../asn1/der-writer';
import { OID, SHA_BY_OID } from '../asn1/oids';

function hashOf(oid: string): OaepParams['hash'] {
  const h = SHA_BY_OID[oid];
  if (!h) throw new EngineError('unsupported-algorithm', `RSA-OAEP with hash ${oid} is not supported`);
  return h;
}

export function readOaepParams(params: Asn1Node | undefined): OaepParams {
  const out: OaepParams = { hash: 'SHA-1', mgfHash: 'SHA-1', label: new Uint8Array(0) };
  if (!params || identifierOctet(params) === 0x05) return out;
  if (identifierOctet(params) !== 0x30) throw new EngineError('malformed', 'Bad RSAES-OAEP-params');
  for (const f of childrenOf(params)) {
    const inner = childrenOf(f)[0];
    if (!inner) throw new EngineError('malformed', 'Bad RSAES-OAEP-params');
    const alg = readAlgorithmIdentifier(inner, 'OAEP parameter');
    if (identifierOctet(f) === 0xa0) out.hash = hashOf(alg.oid);
    else if (identifierOctet(f) === 0xa1) {
      if (alg.oid !== OID.mgf1 || !alg.params) throw new EngineError('unsupported-algorithm', `OAEP mask generation ${alg.oid} is not supported`);
      out.mgfHash = hashOf(readAlgorithmIdentifier(alg.params, 'MGF1 hash').oid);
    } else if (identifierOctet(f) === 0xa2) {
      if (alg.oid !== OID.pSpecified) throw new EngineError('unsupported-algorithm', `OAEP label source ${alg.oid} is not supported`);
      out.label = alg.params && identifierOctet(alg.params) === 0x04 ? contentBytes(alg.params) : new Uint8Array(0);
    } else throw new EngineError('malformed', 'Bad RSAES-OAEP-params');
  }
  return out;
}

export function describeOaep(p: OaepParams): string {
  return `RSAES-OAEP (${p.hash}, MGF1-${p.hash === p.mgfHash ? p.hash : p.mgfHash}${p.label.length ? ', label' : ''})`;
}

/** AlgorithmIdentifier for RSAES-OAEP with SHA-256 and MGF1-SHA-256, parameters written explicitly. */
export function oaepSha256AlgorithmIdentifier(): Uint8Array {
  const sha256 = derAlgorithmIdentifier(OID.sha256, derNull());
  return derAlgorithmIdentifier(OID.rsaesOaep, derSequence(derExplicit(0, sha256), derExplicit(1, derAlgorithmIdentifier(OID.mgf1, sha256))));
}
