// ZIP delivery of PKCS#12 files: finds the .p12/.pfx, reports a ZIP without one clearly, refuses zip bombs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { extractPkcs12FromZip, readIdentityFile } from '../../src/crypto/pkcs12/open-pkcs12-zip';
import { EngineError } from '../../src/crypto/errors';
import { exportPfx, makeIdentity, type OpensslIdentity } from './make-pfx';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    return e.code;
  }
}

describe('PKCS#12 in a ZIP', () => {
  let id: OpensslIdentity;
  let pfx: Uint8Array;
  beforeAll(() => {
    id = makeIdentity('ec');
    pfx = exportPfx(id, 'pw');
  });
  afterAll(() => id?.dir.cleanup());

  it('extracts the pfx and opens it; a bare PFX also opens through readIdentityFile', async () => {
    const zip = zipSync({ 'readme.txt': strToU8('hello'), 'certs/me.PFX': pfx, '__MACOSX/certs/._me.pfx': new Uint8Array(4) });
    const entries = extractPkcs12FromZip(zip);
    expect(entries.map((e) => e.name)).toEqual(['certs/me.PFX']);
    expect((await readIdentityFile(zip, 'pw')).keyAlgorithm).toBe('EC-P256');
    expect((await readIdentityFile(pfx, 'pw')).keyAlgorithm).toBe('EC-P256');
    expect(await codeOf(readIdentityFile(zip, 'bad'))).toBe('wrong-password');
  });

  it('a ZIP without a pfx is corrupt-file with a clear message', async () => {
    const zip = zipSync({ 'readme.txt': strToU8('no key here') });
    await expect(readIdentityFile(zip, 'pw')).rejects.toMatchObject({ code: 'corrupt-file', message: expect.stringMatching(/no \.p12 or \.pfx/) });
  });

  it('a truncated ZIP is corrupt-file', async () => {
    const zip = zipSync({ 'a.p12': pfx });
    expect(await codeOf(readIdentityFile(zip.subarray(0, zip.length - 30), 'pw'))).toBe('corrupt-file');
  });

  it('a zip bomb (25 MB of zeros named .p12) is refused as too-large', async () => {
    const zip = zipSync({ 'bomb.p12': new Uint8Array(25 * 1024 * 1024) }, { level: 9 });
    expect(zip.length).toBeLessThan(200_000);
    expect(await codeOf(readIdentityFile(zip, 'pw'))).toBe('too-large');
  });
});
