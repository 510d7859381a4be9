// File and identity loading for the CLI, with errors that name the file and say what is wrong.
import { readFileSync } from 'node:fs';
import { EngineError } from '../crypto/errors';
import { readIdentityFile } from '../crypto/pkcs12/open-identity-file';
import { pemToDer } from '../crypto/base64';
import type { Identity } from '../crypto/types';
import { UsageError } from './parse-args';

export function readInput(path: string): Uint8Array {
  try {
    return new Uint8Array(path === '-' ? readFileSync(0) : readFileSync(path));
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** The password is the file's content without one trailing newline (as `echo pw > file` writes it). */
export function readPassword(path: string | undefined): string {
  if (path === undefined) return '';
  return new TextDecoder().decode(readInput(path)).replace(/\r?\n$/, '');
}

/** The identity in a .p12/.pfx, PEM or ZIP file; a ZIP locked with its own password needs `zipPasswordFile`. */
export async function loadIdentity(path: string, passwordFile: string | undefined, zipPasswordFile?: string): Promise<Identity> {
  const bytes = readInput(path);
  try {
    const password = readPassword(passwordFile);
    return await readIdentityFile(bytes, zipPasswordFile === undefined ? password : { password, zipPassword: readPassword(zipPasswordFile) });
  } catch (e) {
    if (e instanceof EngineError && e.code === 'zip-password') {
      throw new UsageError(`${path}: ${e.message}${zipPasswordFile === undefined ? '; give its password with --zip-password-file F' : ''}`);
    }
    if (e instanceof EngineError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
}

/** CRLs from a PEM ("X509 CRL", one or many) or DER file. */
export function loadCrls(path: string): Uint8Array[] {
  const bytes = readInput(path);
  if (bytes[0] === 0x30) return [bytes];
  const ders = pemToDer(bytes, 'X509 CRL');
  if (ders.length === 0) throw new UsageError(`${path}: no CRL found (expected PEM "X509 CRL" or DER)`);
  return ders;
}

/** Certificates from a PEM (one or many) or DER file. */
export function loadCertificates(path: string): Uint8Array[] {
  const bytes = readInput(path);
  if (bytes[0] === 0x30) return [bytes];
  const ders = pemToDer(bytes, 'CERTIFICATE');
  if (ders.length === 0) throw new UsageError(`${path}: no certificate found (expected PEM or DER)`);
  return ders;
}
