// What a reader sees of a message, through the same functions the UI uses: the headers of "Open a message file",
// the body of the viewer frame, and the subject and quote of a secure reply. Bundled into Chromium by
// charset-matrix.test.ts, so it must only import browser-safe code.
import { parseAddressList } from '../../src/crypto/mime/parse-address';
import { decodeEncodedWords } from '../../src/crypto/mime/decode-header-words';
import { getHeader, parseMime } from '../../src/crypto/mime/parse-mime';
import { smimeKind } from '../../src/crypto/smime/classify-entity';
import { deriveComposeContext } from '../../src/background/send/reply-context';
import { buildDecryptedView } from '../../src/viewer/decrypted-view';

export interface SeenText {
  subject: string;
  fromName: string;
  body: string;
  replySubject: string;
  quote: string;
}

export function readForDisplay(bytes: Uint8Array): SeenText {
  const outer = parseMime(bytes);
  const shown = smimeKind(outer) === 'multipart-signed' ? outer.children[0] : outer;
  const view = buildDecryptedView(bytes);
  const reply = deriveComposeContext({ outer, shown, encrypted: false }, 'reply', 'demo.user@example.com', null);
  return {
    subject: decodeEncodedWords(getHeader(outer, 'subject') ?? ''),
    fromName: parseAddressList(getHeader(outer, 'from') ?? '')[0]?.name ?? '',
    body: (view.text ?? '').replace(/\r\n/g, '\n'),
    replySubject: reply.subject,
    quote: reply.quote,
  };
}
