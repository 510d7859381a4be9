// Free CAs deliver the PKCS#12 file inside a ZIP, often locked with a password sent in a second mail (the
// Japanese "PPAP" habit). Opens ZipCrypto and AES ZIPs with @zip.js/zip.js and extracts every certificate file
// (.p12/.pfx, and PEM key files), zip-bomb guarded: entry count, declared sizes and the bytes really written.
import {
  configure,
  ERR_ENCRYPTED,
  ERR_INVALID_AUTHENTICATION_CODE,
  ERR_INVALID_COMPRESSED_DATA,
  ERR_INVALID_CRC32,
  ERR_INVALID_PASSWORD,
  ERR_INVALID_UNCOMPRESSED_SIZE,
  Uint8ArrayReader,
  ZipReader,
  type Entry,
  type FileEntry,
} from '@zip.js/zip.js';
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
async function readEntry(entry: FileEntry, password: string | undefined, limit: number, seen: { head?: Uint8Array } = {}, checkCrc32 = true): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let overflow = false;
  const writable = new WritableStream<Uint8Array>({
    write(chunk) {
      seen.head ??= chunk.slice(0, 16);
      size += chunk.length;
      if (size > limit) {
        overflow = true;
        throw new EngineError('too-large', `${entry.filename} expands beyond its limit`);
      }
      chunks.push(chunk);
    },
  });
  try {
    await entry.getData({ writable }, { password, checkSignature: checkCrc32, checkCrc32 });
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

const message = (e: unknown): string => (e instanceof Error ? e.message : '');

/** The password check itself failed (or no password was given): the one answer that means "wrong password". */
function isPasswordError(e: unknown): boolean {
  const m = message(e);
  return m === ERR_INVALID_PASSWORD || m === ERR_ENCRYPTED;
}

/** The entry's bytes failed their own checks (CRC, AES authentication code, inflation, size) after the password check. */
function isDamageError(e: unknown): boolean {
  const m = message(e);
  return m === ERR_INVALID_CRC32 || m === ERR_INVALID_AUTHENTICATION_CODE || m === ERR_INVALID_COMPRESSED_DATA || m === ERR_INVALID_UNCOMPRESSED_SIZE;
}

/**
 * After a damage error, was the password right? AES checks it on 16 bits and then authenticates: yes. ZipCrypto checks
 * one byte, so 1 wrong password in 256 passes and yields noise, which zip.js cannot tell from damage; the first bytes
 * of the content can: a certificate file starts as DER (30 8x) or as text, noise does so about once in 13,000. When
 * the inflater held its output back until the failed check, the entry is read once more without the CRC check.
 */
async function passwordWasRight(entry: FileEntry, password: string, seen: { head?: Uint8Array }, limit: number): Promise<boolean> {
  if (!entry.zipCrypto) return true;
  if (!seen.head) await readEntry(entry, password, limit, seen, false).catch(() => undefined);
  const head = seen.head;
  if (!head || head.length < 2) return false;
  if (head[0] === 0x30 && head[1] >= 0x80 && head[1] <= 0x84) return true;
  return head.length >= 16 && head.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f));
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
      const seen: { head?: Uint8Array } = {};
      try {
        data = await readEntry(e, e.encrypted ? password : undefined, limit, seen);
      } catch (err) {
        if (err instanceof EngineError) throw err;
        // A damaged ZIP is not a wrong password: calling it one sends users retrying passwords forever.
        const damaged = isDamageError(err) && (!e.encrypted || (await passwordWasRight(e, password, seen, limit)));
        if (e.encrypted && !damaged && (isPasswordError(err) || isDamageError(err))) {
          throw new EngineError('zip-password', passwords.zipPassword === undefined ? 'the ZIP is locked and the certificate password does not open it' : 'the ZIP password is not correct', {
            triedZipPassword: passwords.zipPassword !== undefined,
          });
        }
        if (damaged) throw foreignError('damaged-file', `${e.filename} in the ZIP is damaged`, err);
        throw notZip(err);
      }
      out.push({ name: e.filename, data });
    }
  } finally {
    await reader.close().catch(() => undefined);
  }
  return out;
}
