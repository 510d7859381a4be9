// A certificate's holder as name and address, with the name left out when it only repeats the address (free CAs
// put the address in the CN), so nothing shows "eve@example.com <eve@example.com>".
import type { CertificateSummary } from '../types';

export interface CertificateHolder {
  name?: string;
  address?: string;
}

export function certificateHolder(c: Pick<CertificateSummary, 'commonName' | 'emails'>): CertificateHolder {
  const address = c.emails[0] || undefined;
  const cn = c.commonName?.trim() || undefined;
  // Free CAs often put the address itself in the CN.
  const name = cn && cn.toLowerCase() !== address?.toLowerCase() ? cn : undefined;
  return { ...(name ? { name } : {}), ...(address ? { address } : {}) };
}
