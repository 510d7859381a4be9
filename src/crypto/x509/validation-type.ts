// Who the CA vouched for, from the CA/Browser Forum S/MIME Baseline Requirements' policy OIDs
// (2.23.140.1.5.{1,2,3,4}.x: mailbox, organization, sponsor, individual). A mailbox-validated certificate
// proves only control of the address; its subject O/CN are whatever the applicant typed (or nothing), so a
// name is reported as validated only when the policy says the CA checked it, the chain is trusted to a bundled
// (Mozilla e-mail) root, and RFC 5280 policy processing kept that policy for the whole path. A root the user added
// vouches for nothing a public CA checked, and an intermediate limited to other policies cannot lend its leaf one.
import * as asn1js from 'asn1js';
import { CertificatePolicies, type Certificate } from 'pkijs';
import type { SignerValidation, TrustStatus, ValidationType } from '../types';
import { nameValues, OID_COMMON_NAME } from './name-attributes';
import { OID } from './read-extensions';

export const BR_SMIME_POLICY_ARC = '2.23.140.1.5';
const TYPE_OF_ARC: Record<string, ValidationType> = { '1': 'mailbox', '2': 'organization', '3': 'sponsor', '4': 'individual' };

const OID_ORGANIZATION = '2.5.4.10';
const OID_GIVEN_NAME = '2.5.4.42';
const OID_SURNAME = '2.5.4.4';
const OID_PSEUDONYM = '2.5.4.65';

/** The policy OIDs of the certificatePolicies extension ([] when absent); a malformed extension reads as none. */
export function certificatePolicyOids(cert: Certificate): string[] {
  const ext = cert.extensions?.find((e) => e.extnID === OID.certificatePolicies);
  if (!ext) return [];
  try {
    const asn = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView.slice().buffer);
    if (asn.offset === -1) return [];
    return new CertificatePolicies({ schema: asn.result }).certificatePolicies.map((p) => p.policyIdentifier);
  } catch {
    return [];
  }
}

/** The BR validation type named by policy OIDs; several different BR types (not allowed by the BRs) are 'unknown'. */
export function validationTypeOf(policyOids: readonly string[]): { type: ValidationType; policy?: string } {
  const found = new Map<ValidationType, string>();
  for (const oid of policyOids) {
    const m = /^2\.23\.140\.1\.5\.([1-4])\.\d+$/.exec(oid);
    if (m) found.set(TYPE_OF_ARC[m[1]], oid);
  }
  if (found.size !== 1) return { type: 'unknown' };
  const [[type, policy]] = [...found];
  return { type, policy };
}

function personName(cert: Certificate): string | undefined {
  const given = nameValues(cert.subject, OID_GIVEN_NAME)[0];
  const sur = nameValues(cert.subject, OID_SURNAME)[0];
  if (given && sur) return `${given} ${sur}`;
  return nameValues(cert.subject, OID_PSEUDONYM)[0] ?? nameValues(cert.subject, OID_COMMON_NAME)[0] ?? sur ?? given;
}

function clean(s: string | undefined): string | undefined {
  const v = s?.replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return v ? v.slice(0, 200) : undefined;
}

/** How the chain was trusted: its anchor and the valid policy set from RFC 5280 policy processing. */
export interface ChainVouching {
  anchor?: 'bundled' | 'user';
  validPolicies?: readonly string[];
}

/**
 * The signer's validation as the UI may present it. Names are filled only for a chain trusted to a bundled root
 * whose path keeps the BR policy, and only those the policy covers: organization → O; individual → the person;
 * sponsor → both. A trusted chain whose path drops the claimed policy reports 'unknown'; one anchored at a
 * user-added root is marked `userRoot` and names nothing.
 */
export function signerValidation(cert: Certificate, trust: TrustStatus, chain: ChainVouching = {}): SignerValidation {
  const { type, policy } = validationTypeOf(certificatePolicyOids(cert));
  const out: SignerValidation = policy ? { type, policy } : { type };
  if (trust !== 'trusted') return out;
  if (policy && !chain.validPolicies?.includes(policy)) return { type: 'unknown' };
  if (chain.anchor !== 'bundled') return { ...out, userRoot: true };
  const organization = clean(nameValues(cert.subject, OID_ORGANIZATION)[0]);
  const person = clean(personName(cert));
  if ((type === 'organization' || type === 'sponsor') && organization) out.organization = organization;
  if ((type === 'individual' || type === 'sponsor') && person) out.person = person;
  return out;
}
