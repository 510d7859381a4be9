// The verdict on "Open a message file": the same presentation as the Details frame in webmail
// (src/ui/verdict-details.tsx), so the page, the status bar and Details all say the same thing.
import type { VerifyResult } from '../crypto/types';
import { VerdictDetails } from '../ui/verdict-details';

export function VerdictPanel({ result }: { result: VerifyResult }) {
  return <VerdictDetails result={result} />;
}
