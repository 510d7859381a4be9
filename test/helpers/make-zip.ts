// Password-locked ZIPs as users receive them: Info-ZIP `zip -P` (ZipCrypto, what Windows and most Japanese
// tools write) and 7-Zip (`7z -mem=AES256`, WinZip AES). When a tool is missing, zip.js writes the same format
// and the test says which producer it used.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { BlobWriter, Uint8ArrayReader, ZipWriter, configure } from '@zip.js/zip.js';
import { hasTool, run, scratch } from './openssl';

configure({ useWebWorkers: false });

export type ZipLock = 'none' | 'zipcrypto' | 'aes';

export async function makeZip(files: Record<string, Uint8Array>, lock: ZipLock = 'none', password = ''): Promise<{ zip: Uint8Array; producer: string }> {
  const tool = lock === 'aes' ? '7z' : 'zip';
  if (hasTool(tool)) {
    const dir = scratch('smime-zip-');
    try {
      for (const [name, data] of Object.entries(files)) {
        mkdirSync(dirname(dir.file(name)), { recursive: true });
        dir.write(name, data);
      }
      const names = Object.keys(files);
      const args =
        lock === 'aes' ? ['a', '-tzip', `-p${password}`, '-mem=AES256', 'out.zip', ...names] : ['-q', ...(lock === 'zipcrypto' ? ['-P', password] : []), 'out.zip', ...names];
      const r = run(tool, args, undefined, dir.dir);
      if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr}`);
      return { zip: dir.read('out.zip'), producer: lock === 'aes' ? '7-Zip' : 'Info-ZIP' };
    } finally {
      dir.cleanup();
    }
  }
  const writer = new ZipWriter(new BlobWriter('application/zip'), lock === 'none' ? {} : { password, zipCrypto: lock === 'zipcrypto', encryptionStrength: 3 });
  for (const [name, data] of Object.entries(files)) await writer.add(name, new Uint8ArrayReader(data));
  return { zip: new Uint8Array(await (await writer.close()).arrayBuffer()), producer: 'zip.js' };
}
