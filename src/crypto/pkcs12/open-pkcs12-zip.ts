// Free CAs deliver the PKCS#12 file inside a ZIP, often locked with a password sent in a second mail (the
// Japanese "PPAP" habit). Opens ZipCrypto and AES ZIPs with @zip.js/zip.js and extracts every certificate file
// (.p12/.pfx, and PEM key files), zip-bomb guarded: entry count, declared sizes and the bytes really written.
import { configure, ERR_ENCRYPTED, ERR_INVALID_PASSWORD, Uint8ArrayReader, ZipReader, type Entry, type FileEntry } from '@zip.js/zip.js';
import { EngineError, foreignError } from '../errors';
import { MAX_PFX_BYTES } from './limits';

// No web workers: the engine runs in a service worker and in Node (the CLI); native (de)compression streams.
configure({ useWebWorkers: false });

const MAX_TOTAL_UNCOMPRESSED = 20 * 1024 * 1024;
const MAX_ENTRIES = 1000;

export { isZip } from './sniff-file';

/** Names of the files an identity can come from: PKCS#12, and PEM key and certificate files. */
export const IDENTITY_FILE_NAME = /\.(p12|pfx|pem|key|crt|cer)$/i;

export interface ZipEntryBytes {
  name: string;
  data: Uint8Array;
}

export interface ZipPasswords {
  /** Tried first: the certificate's password, since a CA often uses the same one for the ZIP. */
  password: string;
  /** The ZIP's own password, when the user gave a separate one. */
  zipPassword?: string;
}

function notZip(e: unknown): EngineError {
  return foreignError('corrupt-file', 'not a valid ZIP archive', e);
}

/** Reads one entry into memory, refusing to write more than `limit` bytes whatever the header declared. */
async function readEntry(entry: FileEntry, password: string | undefined, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let overflow = false;
  const writable = new WritableStream<Uint8Array>({
    write(chunk) {
      size += chunk.length;
      if (size > limit) {
        overflow = true;
        throw new EngineError('too-large', `${entry.filename} expands beyond its limit`);
      }
      chunks.push(chunk);
    },
  });
  try {
    await entry.getData({ writable }, { password, checkSignature: true });
  } catch (e) {
    if (overflow) throw new EngineError('too-large', 'the ZIP expands to more than its declared size');
    throw e;
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

function isPasswordError(e: unknown): boolean {
  const m = e instanceof Error ? e.message : '';
  // ZipCrypto checks one byte of the password; a wrong one that passes that check fails the CRC instead.
  return m === ERR_INVALID_PASSWORD || m === ERR_ENCRYPTED || /signature|crc/i.test(m);
}

/**
 * The identity files in a ZIP (directories and __MACOSX resource forks skipped), decrypted when the ZIP is
 * locked: the ZIP password if given, else the certificate password. Throws 'zip-password' when neither opens it.
 */
export async function extractPkcs12FromZip(bytes: Uint8Array, passwords: ZipPasswords = { password: '' }): Promise<ZipEntryBytes[]> {
  const reader = new ZipReader(new Uint8ArrayReader(bytes));
  let entries: Entry[] = [];
  try {
    let count = 0;
    for await (const e of reader.getEntriesGenerator()) {
      if (++count > MAX_ENTRIES) throw new EngineError('too-large', 'the ZIP has too many entries');
      entries.push(e);
    }
  } catch (e) {
    await reader.close().catch(() => undefined);
    if (e instanceof EngineError) throw e;
    throw notZip(e);
  }
  entries = entries.filter((e) => !e.directory && IDENTITY_FILE_NAME.test(e.filename) && !e.filename.startsWith('__MACOSX/'));
  let declared = 0;
  for (const e of entries) {
    if (e.uncompressedSize > MAX_PFX_BYTES) throw new EngineError('too-large', `${e.filename} is too large`);
    declared += e.uncompressedSize;
    if (declared > MAX_TOTAL_UNCOMPRESSED) throw new EngineError('too-large', 'the ZIP expands to more than 20 MB');
  }
  const password = passwords.zipPassword ?? passwords.password;
  const out: ZipEntryBytes[] = [];
  try {
    for (const e of entries as FileEntry[]) {
      // Bounded by what the entry declared (a lying header cannot make us write more) and the global caps.
      const limit = Math.min(e.uncompressedSize, MAX_PFX_BYTES);
      let data: Uint8Array;
      try {
        data = await readEntry(e, e.encrypted ? password : undefined, limit);
      } catch (err) {
        if (err instanceof EngineError) throw err;
        if (e.encrypted && isPasswordError(err)) {
          throw new EngineError('zip-password', passwords.zipPassword === undefined ? 'the ZIP is locked and the certificate password does not open it' : 'the ZIP password is not correct', {
            triedZipPassword: passwords.zipPassword !== undefined,
          });
        }
        throw notZip(err);
      }
      out.push({ name: e.filename, data });
    }
  } finally {
    await reader.close().catch(() => undefined);
  }
  return out;
}
