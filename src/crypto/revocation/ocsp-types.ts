// The OCSP client's shape as the chain checker sees it (implemented in ocsp-client.ts).
import type { CertNode } from '../trust/certificate-node';
import type { CertificateRevocation } from '../types';
import type { RevocationCache, RevocationFetcher } from './chain-revocation';

export interface OcspCheck {
  fromCache(cert: CertNode, issuer: CertNode, signers: CertNode[], at: Date, cache: RevocationCache): Promise<CertificateRevocation | undefined>;
  online(
    cert: CertNode,
    issuer: CertNode,
    signers: CertNode[],
    at: Date,
    urls: string[],
    fetcher: RevocationFetcher,
    cache: RevocationCache | undefined,
    why: string[],
  ): Promise<CertificateRevocation | undefined>;
}
