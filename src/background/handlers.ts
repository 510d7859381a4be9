// One handler per operation of the message API. Handlers get a validated request and the caller's kind;
// the router has already checked that this caller may use the operation.
import { isEngineError } from '../crypto/errors';
import type { VerifyResult } from '../crypto/types';
import type { CallerKind, DecryptView, HarvestResult, ImportedEntry, OperationName, RecipientStatus, RequestOf, ResponseOf, RpcError, TabVerdict } from '../shared/messages';
import { DeleteConfirmations } from './delete-confirmation';
import { makeVerdict, unsignedVerdict, verdictWithSender } from '../content/verdict';
import { messageDigest, senderSignalKey } from '../shared/message-digest';
import type { TabVerdicts } from './tab-verdicts';
import type { StagedMessages } from './staged-messages';
import type { EnginePort, RecipientCertificate } from './engine-port';
import { dismissSignatureMissing, senderSignals } from './senders/sender-signals';
import { senderContext, signedContentDigest } from './senders/sender-context';
import { LookupBudget } from './senders/lookup-budget';
import { deleteContactCertificate, harvestSigner, findContactCertificate, listContacts } from './keystore/contacts';
import { allEffectiveDefaults, effectiveDefault, setDefault } from './keystore/defaults';
import { listExpiring } from './keystore/expiry';
import { deleteIdentity, getIdentity, importIdentity, listIdentities, withPrivateKey } from './keystore/identities';
import { getSettings, normalizeAddress, putSettings, type Keystore } from './keystore/keystore';
import { KeystoreError } from './keystore/keystore-error';
import { changePassphrase, keystoreStatus, lockNow, removePassphrase, setPassphrase, unlock } from './keystore/passphrase';
import { addTrustAnchor, listTrustAnchors, removeTrustAnchor } from './keystore/trust-anchors';
import { decryptWithIdentities } from './decrypt-with-identities';
import { resolveRecipient } from './resolve-recipient';
import { verifyOptions } from './verify-options';
import { BadRequest } from './validate-request';
import { SEND_HANDLERS } from './send/send-handlers';
import { OUTLOOK_HANDLERS } from './send/outlook-handlers';
import type { SendServices } from './send/send-services';
import { certificateFileStem, contactView, identityView, trustAnchorView } from './views';

export interface CallerInfo {
  kind: CallerKind;
  url: string;
  tabId?: number;
}

export interface BackgroundDeps {
  keystore: Keystore;
  engine: EnginePort;
  confirmations: DeleteConfirmations;
  version: string;
  /** Shows a content script's verdict on the toolbar badge of its tab (wired by service-worker.ts). */
  setTabVerdict?: (tabId: number, verdict: TabVerdict) => void;
  /** Messages staged by content scripts for the viewer frames in their tab. */
  staged: StagedMessages;
  /** Each tab's verdicts, from the background's own results (kept in memory; a worker restart forgets them). */
  tabVerdicts?: TabVerdicts;
  /** The Gmail API send path, OAuth and the composer (absent where sending is not wired, e.g. some tests). */
  send?: SendServices;
}

/** Per-site budget for content scripts' address-book look-ups (one per service-worker lifetime). */
const senderLookups = new LookupBudget();

/** A content script's budget key: its page's origin (every tab of a site shares it). */
function siteOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

type Handler<Op extends OperationName> = (deps: BackgroundDeps, request: RequestOf<Op>, caller: CallerInfo) => Promise<ResponseOf<Op>>;

async function identityViewById(deps: BackgroundDeps, id: string) {
  return identityView(await getIdentity(deps.keystore, id), await allEffectiveDefaults(deps.keystore));
}

/** The identity id that signs (and receives the sent copy) for `from`: the user's default for that address. */
async function defaultIdentityId(ks: Keystore, from: string): Promise<string> {
  const choice = await effectiveDefault(ks, from);
  if (!choice) throw new KeystoreError('no-identity', `No valid identity for ${normalizeAddress(from)}.`);
  return choice.identityId;
}

async function signWithDefault(deps: BackgroundDeps, mime: Uint8Array, from: string): Promise<Uint8Array> {
  if (!deps.engine.signMessage) throw new KeystoreError('not-implemented', 'Signing is not available yet.');
  const id = await defaultIdentityId(deps.keystore, from);
  return withPrivateKey(deps.keystore, id, (identity) => deps.engine.signMessage!(mime, identity));
}

/** Stores every valid signer of a verdict the background computed itself (never a caller-supplied certificate). */
async function harvestVerdict(ks: Keystore, verdict: VerifyResult): Promise<HarvestResult> {
  const result: HarvestResult = { harvested: false, changed: false, addresses: [] };
  // The signing habit is learnt only for From addresses the signature matched, once per signed entity.
  const digest = verdict.sender === 'match' && verdict.coverage === 'full' ? await signedContentDigest(verdict) : undefined;
  const message = digest ? { digest, from: verdict.from } : undefined;
  for (const signer of verdict.signers) {
    if (signer.status !== 'valid' || !signer.certificateDer) continue;
    const summary = await ks.summarizeCertificate(signer.certificateDer);
    const addresses = await harvestSigner(ks, {
      certificateDer: signer.certificateDer,
      summary,
      trust: signer.trust,
      capabilities: signer.smimeCapabilities,
      seenAt: signer.signingTime,
      message,
    });
    result.harvested = true;
    for (const a of addresses) {
      result.addresses.push(a);
      if (a.certificateChanged) {
        result.changed = true;
        result.previous ??= a.previous;
      }
      if (a.firstSignedMessage) result.firstContact = true;
    }
  }
  return result;
}

/**
 * Sign-then-encrypt (and encrypt-then-sign) mail: the signature is checked here, by the decryption we just did, so
 * its signer goes to the address book like a clear-signed one, under the same rule as the read view (a valid
 * signature whose certificate matches the From address). A failure to store never fails the decryption.
 */
async function harvestDecrypted(ks: Keystore, out: { verify?: VerifyResult; outerVerify?: VerifyResult }): Promise<void> {
  const verdicts = [out.verify, out.outerVerify].filter((v): v is VerifyResult => v?.signature === 'valid' && v.sender === 'match');
  if (verdicts.length === 0) return;
  try {
    if (!(await getSettings(ks)).harvestCertificates) return;
    for (const v of verdicts) await harvestVerdict(ks, v);
  } catch {
    // the address book is a convenience here; the decrypted message is what the caller asked for
  }
}

export const HANDLERS: { [Op in OperationName]: Handler<Op> } = {
  ping: async (deps) => ({ pong: true, version: deps.version }),
  'keystore-status': async (deps) => keystoreStatus(deps.keystore),

  'import-identity': async (deps, req) => {
    const files = await deps.engine.openIdentityFile(req.file, req.fileName, { password: req.password, ...(req.zipPassword === undefined ? {} : { zipPassword: req.zipPassword }) });
    // Every key of every file is stored (or reported); one failing does not hide the others.
    const entries: ImportedEntry[] = [];
    for (const f of files) {
      if (f.error) entries.push({ name: f.name, status: 'failed', error: toRpcError(f.error) });
      for (const identity of f.identities) {
        try {
          const outcome = await importIdentity(deps.keystore, identity);
          entries.push({ name: f.name, status: outcome.status, identity: await identityViewById(deps, outcome.record.id) });
        } catch (e) {
          entries.push({ name: f.name, status: 'failed', error: toRpcError(e) });
        } finally {
          identity.privateKeyPkcs8.fill(0);
        }
      }
    }
    const first = entries.find((e) => e.identity !== undefined);
    if (!first) {
      // Nothing stored (the keystore is locked, say): the call fails with the first reason.
      const error = entries.find((e) => e.error)?.error ?? { code: 'internal' as const, message: 'nothing was imported' };
      throw new KeystoreError(error.code, error.message);
    }
    return { status: first.status === 'imported' ? 'imported' : 'already-present', identity: first.identity!, entries };
  },
  'list-identities': async (deps) => {
    const defaults = await allEffectiveDefaults(deps.keystore);
    const records = await listIdentities(deps.keystore);
    return { identities: records.map((r) => identityView(r, defaults)) };
  },
  'list-contacts': async (deps) => ({ contacts: (await listContacts(deps.keystore)).map(contactView) }),
  'set-default-identity': async (deps, req) => {
    await setDefault(deps.keystore, req.address, req.identityId);
    return { address: normalizeAddress(req.address), identityId: req.identityId };
  },
  'prepare-delete-identity': async (deps, req) => {
    const identity = await identityViewById(deps, req.identityId);
    return { ...deps.confirmations.issue(req.identityId), identity, offerBackup: true };
  },
  'delete-identity': async (deps, req) => {
    if (!deps.confirmations.consume(req.identityId, req.confirmToken)) {
      throw new KeystoreError('invalid-confirm-token', 'Deletion was not confirmed (or the confirmation expired). Ask again.');
    }
    await deleteIdentity(deps.keystore, req.identityId);
    return { deleted: true };
  },
  'export-certificate': async (deps, req) => {
    const ks = deps.keystore;
    const identity = await ks.db.get('identities', req.certificateId);
    const contactCert = identity ? undefined : await findContactCertificate(ks, req.certificateId);
    const anchor = identity || contactCert ? undefined : await ks.db.get('trustAnchors', req.certificateId);
    const der = identity?.certificate ?? contactCert?.der ?? anchor?.der;
    const summary = identity?.summary ?? contactCert?.summary ?? anchor?.summary;
    if (!der || !summary) throw new KeystoreError('not-found', 'No such certificate.');
    const stem = certificateFileStem(summary);
    if (req.format === 'der') return { bytes: der.slice(), fileName: `${stem}.cer`, mimeType: 'application/pkix-cert' };
    return { bytes: new TextEncoder().encode(deps.engine.encodePem(der)), fileName: `${stem}.pem`, mimeType: 'application/x-pem-file' };
  },
  'export-backup': async (deps, req) => {
    const record = await getIdentity(deps.keystore, req.identityId);
    const pkcs12 = await withPrivateKey(deps.keystore, req.identityId, (identity) => deps.engine.writePkcs12(identity, req.password));
    return { pkcs12, fileName: `${certificateFileStem(record.summary)}.p12` };
  },
  'list-trust-anchors': async (deps) => ({ anchors: (await listTrustAnchors(deps.keystore)).map(trustAnchorView) }),
  'add-trust-anchor': async (deps, req) => {
    const der = deps.engine.certificateDer(req.certificate);
    const { status, record } = await addTrustAnchor(deps.keystore, der);
    return { status, anchor: trustAnchorView(record) };
  },
  'remove-trust-anchor': async (deps, req) => ({ removed: await removeTrustAnchor(deps.keystore, req.id) }),
  'set-passphrase': async (deps, req) => setPassphrase(deps.keystore, req.passphrase),
  'change-passphrase': async (deps, req) => changePassphrase(deps.keystore, req.oldPassphrase, req.newPassphrase),
  'remove-passphrase': async (deps, req) => removePassphrase(deps.keystore, req.passphrase),
  'lock-now': async (deps) => lockNow(deps.keystore),
  unlock: async (deps, req) => unlock(deps.keystore, req.passphrase),
  'set-auto-lock': async (deps, req) => {
    await putSettings(deps.keystore, { autoLockMinutes: req.minutes });
    return keystoreStatus(deps.keystore);
  },
  'get-settings': async (deps) => getSettings(deps.keystore),
  'set-settings': async (deps, req) => putSettings(deps.keystore, req),
  'list-expiring': async (deps, req) => {
    const days = req.withinDays ?? (await getSettings(deps.keystore)).expiryWarningDays;
    return { entries: await listExpiring(deps.keystore, days) };
  },

  'verify-message': async (deps, req, caller) => {
    const result = await deps.engine.verifyMessage(req.message, await verifyOptions(deps.keystore));
    // A content script's verify is the message open in its tab: remember our own verdict for the badge and popup.
    if (caller.kind === 'content-script' && caller.tabId !== undefined && deps.tabVerdicts) {
      // With what the address book says about the sender (read-only here), as the status bar shows it.
      deps.tabVerdicts.record(caller.tabId, await messageDigest(req.message), verdictWithSender(result, await senderContext(deps.keystore, result)), result);
    }
    return result;
  },
  'decrypt-message': async (deps, req) => decryptForUser(deps, req.message),
  'stage-message': async (deps, req, caller) => {
    if (caller.tabId === undefined) throw new BadRequest('No tab.');
    return { token: deps.staged.stage(caller.tabId, req.purpose, req.message, req.via) };
  },
  'open-staged': async (deps, req, caller) => {
    const staged = deps.staged.take(req.token, caller.tabId);
    if (!staged) throw new KeystoreError('expired', 'This view has expired; open the message again.');
    if (staged.purpose === 'details') {
      const verify = await deps.engine.verifyMessage(staged.message, await verifyOptions(deps.keystore));
      return { purpose: 'details', verify, sender: await senderContext(deps.keystore, verify), ...(staged.via ? { via: staged.via } : {}) };
    }
    const tabId = caller.tabId!;
    if (deps.staged.decryptBlocked(tabId)) {
      throw new KeystoreError('rate-limited', 'Several messages in this tab failed to decrypt, so decryption is paused here for an hour. Open the message from the extension instead.');
    }
    const digest = deps.tabVerdicts ? await messageDigest(staged.message) : '';
    try {
      const decrypted = await decryptForUser(deps, staged.message);
      const identity = (await listIdentities(deps.keystore)).find((i) => i.id === decrypted.identityId)?.emails[0] ?? '';
      deps.tabVerdicts?.record(tabId, digest, makeVerdict('encrypted', [identity]));
      return { purpose: 'decrypt', decrypted, identity };
    } catch (e) {
      if (isEngineError(e) && e.code === 'auth-failed') deps.staged.recordDecryptFailure(tabId);
      const code = (e as { code?: unknown }).code;
      if (code === 'not-for-this-identity' || code === 'no-identity') deps.tabVerdicts?.record(tabId, digest, makeVerdict('not-for-you'));
      else if (code === 'locked') deps.tabVerdicts?.record(tabId, digest, makeVerdict('locked'));
      throw e;
    }
  },
  'harvest-certificate': async (deps, req, caller) => {
    const ks = deps.keystore;
    const empty: HarvestResult = { harvested: false, changed: false, addresses: [] };
    if (!(await getSettings(ks)).harvestCertificates) return empty;
    // Re-verify here: a caller cannot make us store a certificate without a signature we checked ourselves.
    const verdict = await deps.engine.verifyMessage(req.message, await verifyOptions(deps.keystore));
    if (verdict.signature !== 'valid') {
      throw new KeystoreError('signature-not-valid', 'Only certificates from valid signatures are added to the address book.');
    }
    const result = await harvestVerdict(ks, verdict);
    // The status bar then says "certificate changed" or "first signed mail": so must the popup.
    if ((result.changed || result.firstContact) && caller.kind === 'content-script' && caller.tabId !== undefined && deps.tabVerdicts) {
      deps.tabVerdicts.record(caller.tabId, await messageDigest(req.message), verdictWithSender(verdict, await senderContext(ks, verdict)), verdict);
    }
    return result;
  },
  'recipient-status': async (deps, req) => {
    const recipients: RecipientStatus[] = [];
    for (const a of req.addresses) {
      const { der: _der, ...status } = await resolveRecipient(deps.keystore, a);
      recipients.push(status);
    }
    return { recipients };
  },
  'sign-message': async (deps, req) => ({ message: await signWithDefault(deps, req.mime, req.from) }),
  'encrypt-message': async (deps, req) => {
    if (!deps.engine.encryptMessage) throw new KeystoreError('not-implemented', 'Encryption is not available yet.');
    const targets: RecipientCertificate[] = [];
    const missing: string[] = [];
    const seen = new Set<string>();
    for (const a of req.recipients) {
      const r = await resolveRecipient(deps.keystore, a);
      if (!r.der || r.status === 'missing' || r.status === 'expired') {
        missing.push(r.address);
        continue;
      }
      if (seen.has(r.certificateId!)) continue;
      seen.add(r.certificateId!);
      targets.push({ certificate: r.der, capabilities: r.capabilities ?? [] });
    }
    if (missing.length > 0) throw new KeystoreError('no-recipient-certificate', `No usable certificate for: ${missing.join(', ')}.`);
    // The sender is always a recipient too (the engine adds it), so the sent copy stays readable.
    const sender = await getIdentity(deps.keystore, await defaultIdentityId(deps.keystore, req.from));
    const message = req.sign
      ? await withPrivateKey(deps.keystore, sender.id, (signer) =>
          deps.engine.encryptMessage!(req.mime, targets, { certificate: sender.certificate, signer }),
        )
      : await deps.engine.encryptMessage(req.mime, targets, { certificate: sender.certificate });
    return { message };
  },
  'import-contact-certificate': async (deps, req) => {
    if (!deps.engine.checkCertificateFile) throw new KeystoreError('not-implemented', 'Adding certificates from files is not available.');
    const checked = await deps.engine.checkCertificateFile(req.certificate, await verifyOptions(deps.keystore));
    const summary = await deps.keystore.summarizeCertificate(checked.leaf);
    if (!summary.emails.some((e) => e.includes('@'))) throw new KeystoreError('invalid-argument', 'This certificate names no e-mail address.');
    // Stored exactly like a harvested signer, so the same rules apply (an untrusted one never replaces a trusted one).
    const results = await harvestSigner(deps.keystore, { certificateDer: checked.leaf, summary, trust: checked.trust });
    return { addresses: results.map((r) => r.address), trust: checked.trust, summary };
  },
  'delete-contact-certificate': async (deps, req) => ({ deleted: await deleteContactCertificate(deps.keystore, req.address, req.certificateId) }),
  'sender-signals': async (deps, req, caller) => {
    const page = caller.kind === 'content-script';
    // Content scripts are budgeted per site, not per tab (a page can open tabs); our own pages are not budgeted.
    if (page && !senderLookups.take(siteOf(caller.url))) {
      // Said, not silent: the bar and the popup show "could not check this sender" instead of nothing.
      if (!req.signed && caller.tabId !== undefined && deps.tabVerdicts) {
        deps.tabVerdicts.record(caller.tabId, await senderSignalKey(req.address), makeVerdict('sender-unchecked', [req.address]));
      }
      return { signatureMissing: false, unchecked: true };
    }
    const signals = await senderSignals(deps.keystore, req.address, req.signed);
    // An unsigned message's warning is the background's own too: the popup words it like the bar.
    const unsigned = req.signed ? null : unsignedVerdict(req.address, signals);
    if (unsigned && page && caller.tabId !== undefined && deps.tabVerdicts) {
      deps.tabVerdicts.record(caller.tabId, await senderSignalKey(req.address), unsigned);
    }
    // A page learns that the sender resembles someone, never whom: the address book is shared by every site.
    if (page && signals.lookalike) return { ...signals, lookalike: { reason: signals.lookalike.reason } };
    return signals;
  },
  'dismiss-signature-missing': async (deps, req, caller) => {
    // A content script may only dismiss the warning we ourselves gave its tab for this sender (the bar's button),
    // so a page cannot switch the warning off for any address it likes; our own pages may dismiss freely.
    if (caller.kind === 'content-script') {
      const told = caller.tabId !== undefined && deps.tabVerdicts?.told(caller.tabId, await senderSignalKey(req.address), 'signature-missing');
      if (!told) throw new KeystoreError('forbidden', 'This tab was not warned about that sender.');
    }
    return { dismissed: await dismissSignatureMissing(deps.keystore, req.address) };
  },
  'set-tab-verdict': async (deps, req, caller) => {
    if (caller.tabId === undefined) throw new BadRequest('No tab.');
    const badge = deps.tabVerdicts ? deps.tabVerdicts.report(caller.tabId, req.verdict, req.messages) : req.verdict;
    deps.setTabVerdict?.(caller.tabId, badge);
    return { tabId: caller.tabId };
  },
  'tab-verdict': async (deps, req) => deps.tabVerdicts?.view(req.tabId) ?? { verdict: 'none' },
  ...SEND_HANDLERS,
  ...OUTLOOK_HANDLERS,
};

/** Decrypts with the user's identities and stores a valid inner/outer signer, as the read view would. */
async function decryptForUser(deps: BackgroundDeps, message: Uint8Array): Promise<DecryptView> {
  const { outcome, identityId } = await decryptWithIdentities(deps.keystore, deps.engine, message, await verifyOptions(deps.keystore));
  await harvestDecrypted(deps.keystore, outcome);
  return { ...outcome, identityId };
}

/** Any thrown value → the wire error. Engine and keystore codes pass through; anything else is 'internal'. */
export function toRpcError(e: unknown): RpcError {
  if (e instanceof BadRequest) return { code: 'bad-request', message: e.message };
  if (e instanceof KeystoreError) return { code: e.code, message: e.message };
  if (isEngineError(e)) return { code: e.code, message: e.message };
  return { code: 'internal', message: e instanceof Error ? e.message : 'Unexpected failure.' };
}
