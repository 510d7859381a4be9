// Decodes the four extensions RFC 5280 §6.1 policy processing needs (certificatePolicies, policyMappings,
// policyConstraints, inhibitAnyPolicy) with the engine's own DER reader. Kept apart from read-extensions.ts so
// the policy-tree input is one small, strictly checked shape; a malformed one is an error, never "absent".
import type { Certificate } from 'pkijs';
import { TAG_INTEGER, childrenOf, expectSequence, expectUniversal, isContext, malformed, parseBer } from '../asn1/ber-reader';
import { readOid, readSmallInt } from '../asn1/read-values';
import { EngineError } from '../errors';

export const ANY_POLICY = '2.5.29.32.0';

const OID_CERTIFICATE_POLICIES = '2.5.29.32';
const OID_POLICY_MAPPINGS = '2.5.29.33';
const OID_POLICY_CONSTRAINTS = '2.5.29.36';
const OID_INHIBIT_ANY_POLICY = '2.5.29.54';

/** Policies are informational beyond these counts; more is hostile (real certificates carry 1-5). */
const MAX_POLICIES = 64;
const MAX_MAPPINGS = 64;

export interface PolicyInformation {
  oid: string;
  /** DER of the policyQualifiers SEQUENCE, when present (carried through the tree, not interpreted). */
  qualifiers?: Uint8Array;
}

export interface PolicyExtensions {
  /** undefined: the certificate has no certificatePolicies extension. */
  policies?: PolicyInformation[];
  mappings?: Array<{ issuerDomainPolicy: string; subjectDomainPolicy: string }>;
  requireExplicitPolicy?: number;
  inhibitPolicyMapping?: number;
  inhibitAnyPolicy?: number;
}

function skipCerts(bytes: Uint8Array, what: string): number {
  // An IMPLICIT [n] INTEGER: reuse the INTEGER reader on a re-tagged copy.
  const tagged = Uint8Array.from(bytes);
  tagged[0] = 0x02;
  return Math.min(readSmallInt(parseBer(tagged), what), 1_000_000);
}

function decodePolicies(der: Uint8Array): PolicyInformation[] {
  const list = childrenOf(expectSequence(parseBer(der), 'certificatePolicies'), 'certificatePolicies');
  if (list.length === 0) throw malformed('certificatePolicies is empty');
  if (list.length > MAX_POLICIES) throw new EngineError('too-large', `certificatePolicies lists more than ${MAX_POLICIES} policies.`);
  const seen = new Set<string>();
  return list.map((pi) => {
    const parts = childrenOf(expectSequence(pi, 'PolicyInformation'), 'PolicyInformation');
    if (parts.length < 1 || parts.length > 2) throw malformed('PolicyInformation has the wrong number of fields');
    const oid = readOid(parts[0], 'policyIdentifier');
    // RFC 5280 §4.2.1.4: a policy OID MUST NOT appear more than once.
    if (seen.has(oid)) throw malformed(`certificatePolicies lists ${oid} twice`);
    seen.add(oid);
    const out: PolicyInformation = { oid };
    if (parts[1]) out.qualifiers = parts[1].input.subarray(parts[1].start, parts[1].end);
    return out;
  });
}

function decodeMappings(der: Uint8Array): NonNullable<PolicyExtensions['mappings']> {
  const list = childrenOf(expectSequence(parseBer(der), 'policyMappings'), 'policyMappings');
  if (list.length === 0) throw malformed('policyMappings is empty');
  if (list.length > MAX_MAPPINGS) throw new EngineError('too-large', `policyMappings lists more than ${MAX_MAPPINGS} mappings.`);
  return list.map((m) => {
    const parts = childrenOf(expectSequence(m, 'PolicyMapping'), 'PolicyMapping');
    if (parts.length !== 2) throw malformed('PolicyMapping must have two fields');
    return { issuerDomainPolicy: readOid(parts[0], 'issuerDomainPolicy'), subjectDomainPolicy: readOid(parts[1], 'subjectDomainPolicy') };
  });
}

function decodeConstraints(der: Uint8Array, out: PolicyExtensions): void {
  const parts = childrenOf(expectSequence(parseBer(der), 'policyConstraints'), 'policyConstraints');
  // RFC 5280 §4.2.1.11: conforming CAs MUST NOT issue an empty policyConstraints.
  if (parts.length === 0) throw malformed('policyConstraints is empty');
  let i = 0;
  if (isContext(parts[i], 0) && !parts[i].constructed) {
    out.requireExplicitPolicy = skipCerts(parts[i].input.subarray(parts[i].start, parts[i].end), 'requireExplicitPolicy');
    i++;
  }
  if (isContext(parts[i], 1) && !parts[i].constructed) {
    out.inhibitPolicyMapping = skipCerts(parts[i].input.subarray(parts[i].start, parts[i].end), 'inhibitPolicyMapping');
    i++;
  }
  if (i !== parts.length) throw malformed('policyConstraints has an unexpected field');
}

/** The policy extensions of `cert`. Throws EngineError('malformed') when one is malformed or repeated. */
export function readPolicyExtensions(cert: Certificate): PolicyExtensions {
  const out: PolicyExtensions = {};
  const seen = new Set<string>();
  for (const ext of cert.extensions ?? []) {
    const oid = ext.extnID;
    if (oid !== OID_CERTIFICATE_POLICIES && oid !== OID_POLICY_MAPPINGS && oid !== OID_POLICY_CONSTRAINTS && oid !== OID_INHIBIT_ANY_POLICY) continue;
    if (seen.has(oid)) throw new EngineError('malformed', `Extension ${oid} appears more than once.`);
    seen.add(oid);
    const der = ext.extnValue.valueBlock.valueHexView;
    try {
      if (oid === OID_CERTIFICATE_POLICIES) out.policies = decodePolicies(der);
      else if (oid === OID_POLICY_MAPPINGS) out.mappings = decodeMappings(der);
      else if (oid === OID_POLICY_CONSTRAINTS) decodeConstraints(der, out);
      else out.inhibitAnyPolicy = Math.min(1_000_000, readSmallInt(expectUniversal(parseBer(der), TAG_INTEGER, 'inhibitAnyPolicy'), 'inhibitAnyPolicy'));
    } catch (e) {
      if (e instanceof EngineError) throw new EngineError(e.code, `Extension ${oid} is malformed: ${e.message}`);
      throw e;
    }
  }
  return out;
}
