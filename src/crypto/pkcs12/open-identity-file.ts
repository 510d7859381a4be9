// The one entry point for "import my certificate": a .p12/.pfx (DER or PEM-armoured), a PEM key + certificate,
// or a ZIP (password-locked or not) holding any number of those. Says, per file, what opened and why not, so an
// import can report every certificate in a ZIP instead of silently taking the first.
import type { Identity } from '../types';
import { EngineError } from '../errors';
import { concatBytes, latin1, utf8 } from '../bytes';
import { derToPem } from '../base64';
import { extractPkcs12FromZip, isZip, type ZipEntryBytes, type ZipPasswords } from './open-pkcs12-zip';
import { isCertificateDer } from './sniff-file';
import { hasPemPrivateKey, readPemIdentities } from './read-pem-identity';
import { readPkcs12All } from './read-pkcs12';
import { WorkBudget } from './limits';

export interface IdentityFileEntry {
  /** The file's name, or the entry's path inside the ZIP. */
  name: string;
  /** Every key in the file that came with its certificate (usually one). */
  identities: Identity[];
  /** Why nothing could be taken from this file. */
  error?: EngineError;
}

function certificateOnly(): EngineError {
  return new EngineError('no-private-key', 'the file holds a certificate without its private key');
}

async function openOne(bytes: Uint8Array, password: string, budget: WorkBudget): Promise<Identity[]> {
  if (bytes.length === 0) throw new EngineError('empty-file', 'the file is empty');
  const head = latin1(bytes.subarray(0, 4096));
  if (head.includes('-----BEGIN ')) {
    if (hasPemPrivateKey(bytes)) return readPemIdentities(bytes, password, budget);
    if (!/-----BEGIN PKCS12-----/.test(head)) {
      if (/-----BEGIN (X509 |TRUSTED )?CERTIFICATE-----/.test(head)) throw certificateOnly();
      throw new EngineError('corrupt-file', 'a PEM file with neither a private key nor a PKCS#12 file');
    }
  }
  if (isCertificateDer(bytes)) throw certificateOnly();
  const all = await readPkcs12All(bytes, password, budget);
  for (const k of all.unmatchedKeys) k.privateKeyPkcs8.fill(0);
  if (all.identities.length > 0) return all.identities;
  if (all.unmatchedKeys.length > 0) throw new EngineError('no-certificate', 'the file has a private key but not its certificate');
  throw new EngineError('no-private-key', 'the file contains no private key (certificates only)');
}

const isPemText = (data: Uint8Array) => latin1(data.subarray(0, 4096)).includes('-----BEGIN ') && !latin1(data.subarray(0, 4096)).includes('-----BEGIN PKCS12');

/**
 * In a ZIP, a key and its certificate often come as separate files (me.key, me.crt, chain.pem): read every PEM
 * (and DER certificate) file of the ZIP together, as one entry, so they can be paired. PKCS#12 files stay apart.
 */
function poolPemFiles(files: ZipEntryBytes[]): ZipEntryBytes[] {
  const pool = files.filter((f) => isPemText(f.data) || (/\.(crt|cer)$/i.test(f.name) && isCertificateDer(f.data)));
  if (pool.length === 0) return files;
  const text = pool.map((f) => (isPemText(f.data) ? f.data : utf8(derToPem(f.data, 'CERTIFICATE'))));
  const pooled = { name: pool.map((f) => f.name).join(' + '), data: concatBytes(...text.flatMap((t) => [t, utf8('\n')])) };
  return [...files.filter((f) => !pool.includes(f)), pooled];
}

/**
 * Opens an identity file. A single file that yields nothing throws its error. For a ZIP, every certificate
 * file in it gets an entry (with identities or an error); when none yields an identity, the first error is thrown.
 */
export async function openIdentityFile(
  bytes: Uint8Array,
  fileName: string,
  passwords: ZipPasswords,
  budget: WorkBudget = new WorkBudget(),
): Promise<IdentityFileEntry[]> {
  if (bytes.length === 0) throw new EngineError('empty-file', 'the file is empty');
  if (!isZip(bytes)) return [{ name: fileName, identities: await openOne(bytes, passwords.password, budget) }];
  const files = poolPemFiles(await extractPkcs12FromZip(bytes, passwords));
  if (files.length === 0) throw new EngineError('corrupt-file', 'the ZIP archive contains no .p12 or .pfx file');
  const entries: IdentityFileEntry[] = [];
  for (const f of files) {
    try {
      // One budget for the whole ZIP: each entry must not get its own.
      entries.push({ name: f.name, identities: await openOne(f.data, passwords.password, budget) });
    } catch (e) {
      if (!(e instanceof EngineError) || e.code === 'too-much-work') throw e;
      entries.push({ name: f.name, identities: [], error: e });
    } finally {
      f.data.fill(0);
    }
  }
  if (entries.every((e) => e.identities.length === 0)) throw entries[0].error!;
  // Certificates alone beside a .pfx are its CA chain, not a failed import.
  return entries.filter((e) => e.identities.length > 0 || e.error?.code !== 'no-private-key');
}

/** The first identity of a file (the CLI's `--identity`); the others' keys are wiped. A string is the password for both. */
export async function readIdentityFile(bytes: Uint8Array, passwords: string | ZipPasswords, budget?: WorkBudget): Promise<Identity> {
  const all = (await openIdentityFile(bytes, '', typeof passwords === 'string' ? { password: passwords } : passwords, budget)).flatMap((e) => e.identities);
  for (const other of all.slice(1)) other.privateKeyPkcs8.fill(0);
  return all[0];
}
