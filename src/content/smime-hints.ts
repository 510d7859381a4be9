// Cheap, DOM-only guesses (no fetch) about whether an open message may be S/MIME, and, once its raw source is
// here, whether it needs verifying or decrypting.
import { parseMime } from '../crypto/mime/parse-mime';
import { smimeKind } from '../crypto/smime/classify-entity';
import type { MessageHandle } from './sites/site-adapter';

const SMIME_NAME = /\.p7[ms]$/i;

/** An smime.p7s / smime.p7m / *.p7m / *.p7s card is the sign; nothing else triggers a fetch. */
export function mayBeSmime(handle: Pick<MessageHandle, 'attachmentNames'>): boolean {
  for (const n of handle.attachmentNames) if (SMIME_NAME.test(n.trim())) return true;
  return false;
}

export type RawAction = 'verify' | 'decrypt';

/** Enveloped (or authEnveloped) data is decrypted; everything else goes to verification, which names fakes. */
export function actionForRaw(raw: Uint8Array): RawAction {
  try {
    const kind = smimeKind(parseMime(raw, { maxDepth: 8, maxParts: 200 }));
    return kind === 'enveloped' || kind === 'auth-enveloped' ? 'decrypt' : 'verify';
  } catch {
    return 'verify';
  }
}
