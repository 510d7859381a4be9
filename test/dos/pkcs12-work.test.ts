// PKCS#12 import work (issue 9, item 14), counted rather than timed: the legacy KDF yields to the event loop,
// one budget covers a whole import (every entry of a ZIP), an over-budget file is refused before the work, and
// pairing keys with certificates derives each key's public key once.
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseBer, rawBytes } from '../../src/crypto/asn1/ber-reader';
import { derExplicit, derOctetString, derOid, derSequence, derSmallInt } from '../../src/crypto/asn1/der-writer';
import { OID } from '../../src/crypto/asn1/oids';
import { EngineError } from '../../src/crypto/errors';
import { ITERATION_COST, MAX_IMPORT_WORK, WorkBudget } from '../../src/crypto/pkcs12/limits';
import { readIdentityFile } from '../../src/crypto/pkcs12/open-identity-file';
import { bmpPassword, pkcs12Kdf } from '../../src/crypto/pkcs12/pkcs12-kdf';
import { readPkcs12, readPkcs12All } from '../../src/crypto/pkcs12/read-pkcs12';
import { makeCert } from '../keystore/make-cert';
import { exportPfx, makeIdentity, type OpensslIdentity } from '../pkcs12/make-pfx';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    return e.code;
  }
}

let id: OpensslIdentity;
let legacy: Uint8Array; // SHA-1 MAC, 3DES key bag, RC2 certificate bag: five KDF derivations of 2048 iterations
beforeAll(() => {
  id = makeIdentity('ec');
  legacy = exportPfx(id, 'pw', ['-legacy']);
});
afterAll(() => id?.dir.cleanup());

describe('the legacy PKCS#12 KDF', () => {
  it('lets other work run while it derives (yields between slices)', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      await pkcs12Kdf('SHA-1', bmpPassword('pw'), new Uint8Array(8), 3, 100_000, 20);
    } finally {
      clearInterval(timer);
    }
    // A synchronous loop would give the timer no chance at all before it finishes.
    expect(ticks).toBeGreaterThanOrEqual(3);
  });
});

describe('work budget per import', () => {
  it('refuses a file asking for more than the whole budget before doing any of it', async () => {
    // 7 million MAC iterations: under the per-derivation cap, over the import budget.
    const pfx = parseBer(legacy);
    const mac = pfx.children[2];
    const iterations = Math.ceil((MAX_IMPORT_WORK + 1) / ITERATION_COST['SHA-1']) + 1_000_000;
    const patched = derSequence(rawBytes(pfx.children[0]), rawBytes(pfx.children[1]), derSequence(rawBytes(mac.children[0]), rawBytes(mac.children[1]), derSmallInt(iterations)));
    expect(await codeOf(readPkcs12(patched, 'pw'))).toBe('too-much-work');
  }, 20_000);

  it('is one budget for every entry of a ZIP', async () => {
    // Three entries; the first two open with another password, so each spends its MAC derivation and fails.
    const other = exportPfx(id, 'other', ['-legacy']);
    const zip = zipSync({ 'a.p12': other, 'b.p12': other.slice(), 'c.p12': legacy });
    expect(await codeOf(readIdentityFile(zip, 'pw'))).toBe('no error');
    // That import costs 2 failed MACs + 5 derivations = 7 x 2048 SHA-1 rounds. With room for only 6 x 2048 left,
    // the same ZIP must be refused on the way: the entries share the budget.
    const budget = new WorkBudget();
    budget.spend(MAX_IMPORT_WORK - 6 * 2048, 'earlier work');
    expect(await codeOf(readIdentityFile(zip, 'pw', budget))).toBe('too-much-work');
  }, 30_000);

  it('still imports real files (legacy and PBES2) under a fresh budget', async () => {
    expect((await readPkcs12(legacy, 'pw')).keyAlgorithm).toBe('EC-P256');
    expect((await readPkcs12(exportPfx(id, 'pw', ['-iter', '20000']), 'pw')).keyAlgorithm).toBe('EC-P256');
  }, 30_000);
});

describe('pairing keys with certificates', () => {
  it('derives each key public key once, not once per certificate', async () => {
    const n = 24;
    const made = await Promise.all(
      Array.from({ length: n }, (_, i) => makeCert({ cn: `k${i}`, emails: [`k${i}@example.jp`], notBefore: new Date(0), notAfter: new Date(86_400_000) })),
    );
    const bag = (oid: string, value: Uint8Array): Uint8Array => derSequence(derOid(oid), derExplicit(0, value));
    const certBag = (der: Uint8Array): Uint8Array => bag(OID.certBag, derSequence(derOid(OID.x509Certificate), derExplicit(0, derOctetString(der))));
    // Keys in reverse order of their certificates: pairing by comparing every pair walks most of the list.
    const safeContents = derSequence(...made.map((m) => certBag(m.der)), ...[...made].reverse().map((m) => bag(OID.keyBag, m.pkcs8)));
    const data = (content: Uint8Array): Uint8Array => derSequence(derOid(OID.data), derExplicit(0, derOctetString(content)));
    const pfx = derSequence(derSmallInt(3), data(derSequence(data(safeContents))));

    const importKey = vi.spyOn(globalThis.crypto.subtle, 'importKey');
    try {
      const all = await readPkcs12All(pfx, '');
      expect(all.identities.length).toBe(n);
      for (const identity of all.identities) {
        expect(made.find((m) => m.der.length === identity.certificate.length && Buffer.from(m.der).equals(Buffer.from(identity.certificate)))).toBeDefined();
      }
      expect(importKey.mock.calls.length).toBeLessThanOrEqual(n);
    } finally {
      importKey.mockRestore();
    }
  }, 60_000);
});
