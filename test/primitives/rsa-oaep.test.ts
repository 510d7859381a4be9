// RSA-OAEP decryption: WebCrypto path and the BigInt path for MGF1 hash != OAEP hash, with labels, against OpenSSL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openssl, scratch } from '../helpers/openssl';
import { toHex, utf8 } from '../../src/crypto/bytes';
import { rsaOaepDecrypt, type OaepParams } from '../../src/crypto/primitives/rsa-oaep-decrypt';

describe('RSA-OAEP decrypt vs openssl pkeyutl', () => {
  const dir = scratch('oaep-');
  let keyPem = '';
  let pkcs8: Uint8Array = new Uint8Array();
  beforeAll(() => {
    keyPem = dir.file('k.pem');
    expect(openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', keyPem]).status).toBe(0);
    pkcs8 = openssl(['pkcs8', '-topk8', '-nocrypt', '-in', keyPem, '-outform', 'DER']).stdout;
    dir.write('m.bin', utf8('sixteen byte key'));
  });
  afterAll(() => dir.cleanup());

  const cases: Array<[string, string, string, OaepParams]> = [
    ['sha1', 'sha1', '', { hash: 'SHA-1', mgfHash: 'SHA-1', label: new Uint8Array(0) }],
    ['sha256', 'sha256', '', { hash: 'SHA-256', mgfHash: 'SHA-256', label: new Uint8Array(0) }],
    ['sha256', 'sha1', '', { hash: 'SHA-256', mgfHash: 'SHA-1', label: new Uint8Array(0) }],
    ['sha512', 'sha256', '0123456789abcdef', { hash: 'SHA-512', mgfHash: 'SHA-256', label: Uint8Array.from([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef]) }],
    ['sha1', 'sha1', '0123456789abcdef', { hash: 'SHA-1', mgfHash: 'SHA-1', label: Uint8Array.from([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef]) }],
  ];
  for (const [md, mgf, label, params] of cases) {
    it(`OAEP ${md} / MGF1-${mgf}${label ? ' + label' : ''}`, async () => {
      const opts = ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${md}`, '-pkeyopt', `rsa_mgf1_md:${mgf}`];
      if (label) opts.push('-pkeyopt', `rsa_oaep_label:${label}`);
      const r = openssl(['pkeyutl', '-encrypt', '-inkey', keyPem, '-in', dir.file('m.bin'), ...opts]);
      expect(r.status, r.stderr).toBe(0);
      expect(toHex(await rsaOaepDecrypt(pkcs8, r.stdout, params))).toBe(toHex(utf8('sixteen byte key')));
      // Wrong label or a flipped ciphertext bit: the generic failure.
      const wrong = { ...params, label: utf8('other') };
      await expect(rsaOaepDecrypt(pkcs8, r.stdout, wrong)).rejects.toMatchObject({ code: 'auth-failed' });
      const bad = r.stdout.slice();
      bad[100] ^= 1;
      await expect(rsaOaepDecrypt(pkcs8, bad, params)).rejects.toMatchObject({ code: 'auth-failed' });
    });
  }
});
