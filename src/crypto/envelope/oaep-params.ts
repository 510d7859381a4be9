// RSAES-OAEP-params (RFC 4055/8017) for CMS key transport: read (with the SHA-1 defaults) and write (SHA-256).

import { EngineError } from '../errors';
import { children, octets, readAlgorithmIdentifier, type Tlv } from './ber';
import { algorithmIdentifier, explicit, nullValue, seq } from './der-encode';
import { HASH_BY_OID, OID } from './oids';
import type { OaepParams } from '../primitives/rsa-oaep-decrypt';

function hashOf(oid: string): OaepParams['hash'] {
  const h = HASH_BY_OID[oid];
  if (!h) throw new EngineError('unsupported-algorithm', `RSA-OAEP with hash ${oid} is not supported`);
  return h;
}

export function readOaepParams(params: Tlv | undefined): OaepParams {
  const out: OaepParams = { hash: 'SHA-1', mgfHash: 'SHA-1', label: new Uint8Array(0) };
  if (!params || params.tag === 0x05) return out;
  if (params.tag !== 0x30) throw new EngineError('malformed', 'Bad RSAES-OAEP-params');
  for (const f of children(params)) {
    const inner = children(f)[0];
    if (!inner) throw new EngineError('malformed', 'Bad RSAES-OAEP-params');
    const alg = readAlgorithmIdentifier(inner, 'OAEP parameter');
    if (f.tag === 0xa0) out.hash = hashOf(alg.oid);
    else if (f.tag === 0xa1) {
      if (alg.oid !== OID.mgf1 || !alg.params) throw new EngineError('unsupported-algorithm', `OAEP mask generation ${alg.oid} is not supported`);
      out.mgfHash = hashOf(readAlgorithmIdentifier(alg.params, 'MGF1 hash').oid);
    } else if (f.tag === 0xa2) {
      if (alg.oid !== OID.pSpecified) throw new EngineError('unsupported-algorithm', `OAEP label source ${alg.oid} is not supported`);
      out.label = alg.params && alg.params.tag === 0x04 ? octets(alg.params) : new Uint8Array(0);
    } else throw new EngineError('malformed', 'Bad RSAES-OAEP-params');
  }
  return out;
}

export function describeOaep(p: OaepParams): string {
  return `RSAES-OAEP (${p.hash}, MGF1-${p.hash === p.mgfHash ? p.hash : p.mgfHash}${p.label.length ? ', label' : ''})`;
}

/** AlgorithmIdentifier for RSAES-OAEP with SHA-256 and MGF1-SHA-256, parameters written explicitly. */
export function oaepSha256AlgorithmIdentifier(): Uint8Array {
  const sha256 = algorithmIdentifier(OID.sha256, nullValue());
  return algorithmIdentifier(OID.rsaesOaep, seq(explicit(0, sha256), explicit(1, algorithmIdentifier(OID.mgf1, sha256))));
}
