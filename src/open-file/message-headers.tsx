// From, To, Subject and Date of the opened message, decoded for display (never as HTML).
import { decodeEncodedWords } from '../crypto/mime/decode-header-words';
import { getHeader, parseMime } from '../crypto/mime/parse-mime';
import { t } from '../ui/i18n';

const FIELDS: [string, string][] = [
  ['from', 'openFrom'],
  ['to', 'openTo'],
  ['subject', 'openSubject'],
  ['date', 'openDate'],
];

function readHeaders(message: Uint8Array): [string, string][] {
  try {
    const root = parseMime(message, { maxDepth: 2, maxParts: 50 });
    const out: [string, string][] = [];
    for (const [name, label] of FIELDS) {
      const v = getHeader(root, name);
      if (v) out.push([label, decodeEncodedWords(v).slice(0, 1000)]);
    }
    return out;
  } catch {
    return [];
  }
}

export function MessageHeaders({ message }: { message: Uint8Array }) {
  const rows = readHeaders(message);
  if (rows.length === 0) return null;
  return (
    <dl class="facts headers" data-test="headers">
      {rows.map(([label, value]) => [<dt key={`${label}-t`}>{t(label)}</dt>, <dd key={`${label}-d`}>{value}</dd>])}
    </dl>
  );
}
