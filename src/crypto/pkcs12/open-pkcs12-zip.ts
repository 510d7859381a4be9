// Free CAs often deliver the PKCS#12 file inside a ZIP. Extracts the .p12/.pfx entries (zip-bomb guarded)
// and lets callers hand us either a ZIP or a PFX.

import { unzipSync } from 'fflate';
import type { Identity } from '../types';
import { EngineError } from '../errors';
import { MAX_PFX_BYTES } from './limits';
import { readPkcs12 } from './read-pkcs12';

const MAX_TOTAL_UNCOMPRESSED = 20 * 1024 * 1024;
const MAX_ENTRIES = 1000;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

const PFX_NAME = /\.(p12|pfx)$/i;

/** The .p12/.pfx entries of a ZIP archive (directories and __MACOSX resource forks skipped). */
export function extractPkcs12FromZip(bytes: Uint8Array): { name: string; data: Uint8Array }[] {
  let entries = 0;
  let declared = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (++entries > MAX_ENTRIES) throw new EngineError('too-large', 'the ZIP has too many entries');
        if (!PFX_NAME.test(f.name) || f.name.startsWith('__MACOSX/')) return false;
        if (f.originalSize > MAX_PFX_BYTES) throw new EngineError('too-large', `${f.name} is too large`);
        declared += f.originalSize;
        if (declared > MAX_TOTAL_UNCOMPRESSED) throw new EngineError('too-large', 'the ZIP expands to more than 20 MB');
        return true;
      },
    });
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw new EngineError('corrupt-file', `not a valid ZIP archive: ${e instanceof Error ? e.message : String(e)}`);
  }
  const out: { name: string; data: Uint8Array }[] = [];
  let total = 0;
  for (const [name, data] of Object.entries(files)) {
    total += data.length;
    if (data.length > MAX_PFX_BYTES || total > MAX_TOTAL_UNCOMPRESSED) {
      throw new EngineError('too-large', 'the ZIP expands to more than its declared size');
    }
    out.push({ name, data });
  }
  return out;
}

/** Opens an identity from a PFX (DER or PEM) or from a ZIP holding one; with several, the first that opens wins. */
export async function readIdentityFile(bytes: Uint8Array, password: string): Promise<Identity> {
  if (!isZip(bytes)) return readPkcs12(bytes, password);
  const entries = extractPkcs12FromZip(bytes);
  if (entries.length === 0) throw new EngineError('corrupt-file', 'the ZIP archive contains no .p12 or .pfx file');
  let firstError: unknown;
  for (const entry of entries) {
    try {
      return await readPkcs12(entry.data, password);
    } catch (e) {
      firstError ??= e;
    }
  }
  throw firstError;
}
