// Walks a PKCS#12 AuthenticatedSafe (RFC 7292 §4-5): decrypts encryptedData parts and shrouded keys, and
// collects key bags and X.509 certificate bags with their localKeyId/friendlyName. CRL, secret and unknown
// bags are ignored.

import { EngineError, ownText } from '../errors';
import { decryptPbe, type PasswordForms } from './decrypt-pbe';
import { MAX_BAGS, MAX_NESTING, type WorkBudget } from './limits';
import { type Asn1Node, contentBytes, expectContext, expectSequence, malformed, parseBer, rawBytes, TAG_BMP_STRING, TAG_OCTET_STRING, TAG_SET } from '../asn1/ber-reader';
import { decodeBmpString, readOctets, readOid, readSmallInt } from '../asn1/read-values';
import { OID } from '../asn1/oids';

export interface BagAttributes {
  localKeyId?: Uint8Array;
  friendlyName?: string;
}

export interface FoundKey extends BagAttributes {
  pkcs8: Uint8Array;
}

export interface FoundCert extends BagAttributes {
  der: Uint8Array;
}

export interface FoundBags {
  keys: FoundKey[];
  certs: FoundCert[];
}

interface WalkContext {
  password: PasswordForms;
  budget: WorkBudget;
  /** True when a MAC proved the password, so undecodable plaintext is corruption, not a wrong password. */
  integrityChecked: boolean;
  bags: number;
  found: FoundBags;
}

/** Parses plaintext we just decrypted; without a MAC, garbage means the password was wrong. */
function parseDecrypted<T>(ctx: WalkContext, what: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    // 'malformed' is the ASN.1 reader rejecting the plaintext; any other engine error stands as it is.
    if (e instanceof EngineError && e.code !== 'malformed') throw e;
    if (ctx.integrityChecked) throw new EngineError('damaged-file', `${what} is damaged: ${ownText(e, 'unreadable structure')}`);
    throw new EngineError('wrong-password', 'decryption failed: the password is wrong');
  }
}

/** decryptPbe, where a padding failure after a verified MAC means damage, not a wrong password. */
async function decrypt(ctx: WalkContext, alg: Asn1Node, ciphertext: Uint8Array): Promise<Uint8Array> {
  try {
    return await decryptPbe(alg, ciphertext, ctx.password, ctx.budget);
  } catch (e) {
    if (ctx.integrityChecked && e instanceof EngineError && e.code === 'wrong-password') {
      throw new EngineError('damaged-file', 'the password is right (the MAC matches) but the encrypted part does not decrypt');
    }
    throw e;
  }
}

export async function collectSafeBags(
  authenticatedSafe: Uint8Array,
  password: PasswordForms,
  budget: WorkBudget,
  integrityChecked: boolean,
): Promise<FoundBags> {
  const ctx: WalkContext = { password, budget, integrityChecked, bags: 0, found: { keys: [], certs: [] } };
  const seq = expectSequence(parseBer(authenticatedSafe), 'AuthenticatedSafe');
  for (const ci of seq.children) {
    const info = expectSequence(ci, 'ContentInfo');
    const type = readOid(info.children[0], 'ContentInfo type');
    const content = expectContext(info.children[1], 0, 'ContentInfo content');
    if (type === OID.data) {
      const safeContents = readOctets(content.children[0], 'data content');
      await walkSafeContents(ctx, parseBer(safeContents), 0);
    } else if (type === OID.encryptedData) {
      const ed = expectSequence(content.children[0], 'EncryptedData');
      readSmallInt(ed.children[0], 'EncryptedData version');
      const eci = expectSequence(ed.children[1], 'EncryptedContentInfo');
      const alg = expectSequence(eci.children[1], 'content encryption algorithm');
      const encNode = eci.children[2];
      if (!encNode) continue; // no content: nothing to read
      if (encNode.cls !== 2 || encNode.tag !== 0) throw malformed('expected [0] encryptedContent');
      const plain = await decrypt(ctx, alg, contentBytes(encNode));
      const node = parseDecrypted(ctx, 'encrypted SafeContents', () => expectSequence(parseBer(plain), 'SafeContents'));
      await walkSafeContents(ctx, node, 0);
    } else if (type === OID.envelopedData) {
      throw new EngineError('unsupported-algorithm', 'PKCS#12 public-key privacy mode (envelopedData) is not supported', {
        oid: type,
      });
    } else {
      throw new EngineError('unsupported-algorithm', `unsupported PKCS#12 content type ${type}`, { oid: type });
    }
  }
  return ctx.found;
}

function readAttributes(bag: Asn1Node): BagAttributes {
  const attrs: BagAttributes = {};
  const set = bag.children[2];
  if (!set || set.cls !== 0 || set.tag !== TAG_SET) return attrs;
  for (const a of set.children) {
    const attr = expectSequence(a, 'Attribute');
    const id = readOid(attr.children[0], 'attribute type');
    const value = attr.children[1]?.children[0];
    if (!value) continue;
    if (id === OID.localKeyId && value.tag === TAG_OCTET_STRING) attrs.localKeyId = contentBytes(value);
    if (id === OID.friendlyName && value.tag === TAG_BMP_STRING) attrs.friendlyName = decodeBmpString(contentBytes(value));
  }
  return attrs;
}

async function walkSafeContents(ctx: WalkContext, safeContents: Asn1Node, depth: number): Promise<void> {
  if (depth > MAX_NESTING) throw malformed('SafeContents nested too deeply');
  expectSequence(safeContents, 'SafeContents');
  for (const b of safeContents.children) {
    if (++ctx.bags > MAX_BAGS) throw new EngineError('too-large', `more than ${MAX_BAGS} bags in the file`);
    const bag = expectSequence(b, 'SafeBag');
    const bagId = readOid(bag.children[0], 'bag type');
    const value = expectContext(bag.children[1], 0, 'bag value').children[0];
    switch (bagId) {
      case OID.keyBag: {
        const pkcs8 = rawBytes(expectSequence(value, 'PrivateKeyInfo'));
        ctx.found.keys.push({ pkcs8: pkcs8.slice(), ...readAttributes(bag) });
        break;
      }
      case OID.pkcs8ShroudedKeyBag: {
        const epki = expectSequence(value, 'EncryptedPrivateKeyInfo');
        const alg = expectSequence(epki.children[0], 'key encryption algorithm');
        const enc = readOctets(epki.children[1], 'encrypted key');
        const plain = await decrypt(ctx, alg, enc);
        // Check it is a PrivateKeyInfo now, so a lucky padding byte under a wrong password is still caught.
        parseDecrypted(ctx, 'decrypted private key', () => {
          const pki = expectSequence(parseBer(plain), 'PrivateKeyInfo');
          readSmallInt(pki.children[0], 'PrivateKeyInfo version');
          expectSequence(pki.children[1], 'private key algorithm');
          readOctets(pki.children[2], 'private key');
        });
        ctx.found.keys.push({ pkcs8: plain, ...readAttributes(bag) });
        break;
      }
      case OID.certBag: {
        const cb = expectSequence(value, 'CertBag');
        const certType = readOid(cb.children[0], 'certificate type');
        if (certType !== OID.x509Certificate) break; // SDSI certificates: ignore
        const der = readOctets(expectContext(cb.children[1], 0, 'certificate value').children[0], 'certificate');
        ctx.found.certs.push({ der: der.slice(), ...readAttributes(bag) });
        break;
      }
      case OID.safeContentsBag:
        await walkSafeContents(ctx, expectSequence(value, 'nested SafeContents'), depth + 1);
        break;
      default:
        break; // CRL, secret and unknown bags carry nothing we import
    }
  }
}
