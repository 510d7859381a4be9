// Hand-written runtime validators, one per operation. A request crosses a trust boundary (content scripts
// run inside webmail pages), so every field is checked and copied into a fresh object; unknown fields drop.
import { addressKey } from '../crypto/mime/address-key';
import { OPERATION_NAMES, RAW_SOURCE_VIAS, TAB_VERDICTS, type ComposeDraft, type ComposeMode, type ComposeSettings, type MailProvider, type OperationName, type RequestOf, type Settings, type TabVerdict } from '../shared/messages';

export class BadRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequest';
  }
}

const MAX_MESSAGE_BYTES = 48 * 1024 * 1024; // a 25 MB attachment, base64-expanded, plus headers
const MAX_FILE_BYTES = 1024 * 1024; // .p12/.pfx/.zip and certificates
const MAX_STRING = 1024;
const MAX_ADDRESSES = 500;

type Obj = Record<string, unknown>;

function object(x: unknown, what = 'request'): Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x) || x instanceof Uint8Array) throw new BadRequest(`${what} must be an object.`);
  return x as Obj;
}

function str(o: Obj, key: string, max = MAX_STRING, allowEmpty = false): string {
  const v = o[key];
  if (typeof v !== 'string') throw new BadRequest(`${key} must be a string.`);
  if (v.length > max) throw new BadRequest(`${key} is too long.`);
  if (!allowEmpty && v.length === 0) throw new BadRequest(`${key} must not be empty.`);
  return v;
}

function bytes(o: Obj, key: string, max: number): Uint8Array {
  const v = o[key];
  if (!(v instanceof Uint8Array)) throw new BadRequest(`${key} must be bytes.`);
  if (v.length === 0) throw new BadRequest(`${key} is empty.`);
  if (v.length > max) throw new BadRequest(`${key} is larger than ${max} bytes.`);
  return v;
}

function bool(o: Obj, key: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new BadRequest(`${key} must be true or false.`);
  return v;
}

function int(o: Obj, key: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new BadRequest(`${key} must be an integer from ${min} to ${max}.`);
  return v;
}

const HEX64 = /^[0-9a-f]{64}$/;
function certId(o: Obj, key: string): string {
  const v = str(o, key, 64);
  if (!HEX64.test(v)) throw new BadRequest(`${key} must be a certificate id (64 lowercase hex digits).`);
  return v;
}

function address(v: unknown, key: string): string {
  if (typeof v !== 'string' || v.length > 320 || !/^[^\s@]+@[^\s@]+$/.test(v.trim())) throw new BadRequest(`${key} must be an e-mail address.`);
  return v.trim();
}

function addressList(o: Obj, key: string, min = 1): string[] {
  const v = o[key];
  if (!Array.isArray(v) || v.length < min || v.length > MAX_ADDRESSES) throw new BadRequest(`${key} must be a list of ${min} to ${MAX_ADDRESSES} addresses.`);
  return v.map((a, i) => address(a, `${key}[${i}]`));
}

// ---- compose and send ----
const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024; // Gmail's own limit for a message's attachments
const MAX_BODY_CHARS = 5 * 1024 * 1024;
const HEX32 = /^[0-9a-f]{32}$/;
const MODES: readonly ComposeMode[] = ['new', 'reply', 'reply-all', 'forward'];

function mode(v: unknown): ComposeMode {
  if (!MODES.includes(v as ComposeMode)) throw new BadRequest('mode must be new, reply, reply-all or forward.');
  return v as ComposeMode;
}

function handle(o: Obj, key: string): string {
  const v = str(o, key, 32);
  if (!HEX32.test(v)) throw new BadRequest(`${key} must be 32 lowercase hex digits.`);
  return v;
}

function nullable<T>(o: Obj, key: string, read: () => T): T | null {
  return o[key] === null || o[key] === undefined ? null : read();
}

const THREAD_ID = /^[0-9a-f]{1,32}$/;
const MSG_ID = /^<[\x21-\x3b\x3d\x3f-\x7e]{1,250}>$/;

function threadId(o: Obj): string {
  const v = str(o, 'threadId', 32);
  if (!THREAD_ID.test(v)) throw new BadRequest('threadId must be a Gmail thread id.');
  return v;
}

function provider(x: unknown): MailProvider {
  if (x !== 'gmail' && x !== 'outlook') throw new BadRequest('provider must be "gmail" or "outlook".');
  return x;
}

function draft(x: unknown): ComposeDraft {
  const o = object(x, 'draft');
  const attachments = o.attachments;
  if (!Array.isArray(attachments) || attachments.length > 100) throw new BadRequest('attachments must be a list of at most 100 files.');
  let total = 0;
  const files = attachments.map((a, i) => {
    const f = object(a, `attachments[${i}]`);
    const data = f.data;
    if (!(data instanceof Uint8Array)) throw new BadRequest(`attachments[${i}].data must be bytes.`);
    total += data.length;
    const type = str(f, 'type', 255, true);
    if (type && !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\/[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(type)) throw new BadRequest(`attachments[${i}].type is not a media type.`);
    return { name: str(f, 'name', 255), type, data };
  });
  if (total > MAX_ATTACHMENT_BYTES) throw new BadRequest('Attachments are larger than 25 MB in total.');
  const refs = o.references;
  if (!Array.isArray(refs) || refs.length > 50 || !refs.every((r) => typeof r === 'string' && MSG_ID.test(r))) throw new BadRequest('references must be up to 50 message ids.');
  const out: ComposeDraft = {
    id: handle(o, 'id'),
    mode: mode(o.mode),
    account: nullable(o, 'account', () => address(o.account, 'account')),
    from: address(o.from, 'from'),
    identityId: nullable(o, 'identityId', () => certId(o, 'identityId')),
    to: addressList(o, 'to', 0),
    cc: addressList(o, 'cc', 0),
    bcc: addressList(o, 'bcc', 0),
    subject: str(o, 'subject', 2000, true),
    body: str(o, 'body', MAX_BODY_CHARS, true),
    attachments: files,
    sign: bool(o, 'sign'),
    encrypt: bool(o, 'encrypt'),
    hideSubject: bool(o, 'hideSubject'),
    inReplyTo: nullable(o, 'inReplyTo', () => {
      const v = str(o, 'inReplyTo', 252);
      if (!MSG_ID.test(v)) throw new BadRequest('inReplyTo must be a message id.');
      return v;
    }),
    references: refs as string[],
    threadId: nullable(o, 'threadId', () => threadId(o)),
    ...(o.provider !== undefined ? { provider: provider(o.provider) } : {}),
  };
  if (out.to.length + out.cc.length + out.bcc.length > MAX_ADDRESSES) throw new BadRequest(`At most ${MAX_ADDRESSES} recipients.`);
  return out;
}

const empty = (x: unknown): Record<string, never> => {
  object(x);
  return {};
};

type Validators = { [Op in OperationName]: (x: unknown) => RequestOf<Op> };

export const VALIDATORS: Validators = {
  ping: empty,
  'keystore-status': empty,
  'import-identity': (x) => {
    const o = object(x);
    // An empty file reaches the engine, which says so in the user's words ('empty-file').
    const file = o.file instanceof Uint8Array && o.file.length === 0 ? o.file : bytes(o, 'file', MAX_FILE_BYTES);
    const zipPassword = o.zipPassword === undefined ? {} : { zipPassword: str(o, 'zipPassword', MAX_STRING, true) };
    return { file, fileName: str(o, 'fileName', 255, true), password: str(o, 'password', MAX_STRING, true), ...zipPassword };
  },
  'list-identities': empty,
  'list-contacts': empty,
  'set-default-identity': (x) => {
    const o = object(x);
    return { address: address(o.address, 'address'), identityId: o.identityId === null ? null : certId(o, 'identityId') };
  },
  'prepare-delete-identity': (x) => ({ identityId: certId(object(x), 'identityId') }),
  'delete-identity': (x) => {
    const o = object(x);
    return { identityId: certId(o, 'identityId'), confirmToken: str(o, 'confirmToken', 128) };
  },
  'export-certificate': (x) => {
    const o = object(x);
    if (o.format !== 'der' && o.format !== 'pem') throw new BadRequest('format must be "der" or "pem".');
    return { certificateId: certId(o, 'certificateId'), format: o.format };
  },
  'export-backup': (x) => {
    const o = object(x);
    return { identityId: certId(o, 'identityId'), password: str(o, 'password') };
  },
  'list-trust-anchors': empty,
  'add-trust-anchor': (x) => ({ certificate: bytes(object(x), 'certificate', MAX_FILE_BYTES) }),
  'remove-trust-anchor': (x) => ({ id: certId(object(x), 'id') }),
  'set-passphrase': (x) => ({ passphrase: str(object(x), 'passphrase') }),
  'change-passphrase': (x) => {
    const o = object(x);
    return { oldPassphrase: str(o, 'oldPassphrase'), newPassphrase: str(o, 'newPassphrase') };
  },
  'remove-passphrase': (x) => ({ passphrase: str(object(x), 'passphrase') }),
  'lock-now': empty,
  unlock: (x) => ({ passphrase: str(object(x), 'passphrase') }),
  'set-auto-lock': (x) => ({ minutes: int(object(x), 'minutes', 0, 24 * 60) }),
  'get-settings': empty,
  'set-settings': (x) => {
    const o = object(x);
    const out: Partial<Settings> = {};
    if ('autoLockMinutes' in o) out.autoLockMinutes = int(o, 'autoLockMinutes', 0, 24 * 60);
    if ('harvestCertificates' in o) out.harvestCertificates = bool(o, 'harvestCertificates');
    if ('expiryWarningDays' in o) out.expiryWarningDays = int(o, 'expiryWarningDays', 1, 365);
    if ('checkRevocationOnline' in o) out.checkRevocationOnline = bool(o, 'checkRevocationOnline');
    if ('requireRevocation' in o) out.requireRevocation = bool(o, 'requireRevocation');
    return out;
  },
  'list-expiring': (x) => {
    const o = object(x);
    return 'withinDays' in o ? { withinDays: int(o, 'withinDays', 1, 365) } : {};
  },
  'verify-message': (x) => ({ message: bytes(object(x), 'message', MAX_MESSAGE_BYTES) }),
  'decrypt-message': (x) => ({ message: bytes(object(x), 'message', MAX_MESSAGE_BYTES) }),
  'harvest-certificate': (x) => ({ message: bytes(object(x), 'message', MAX_MESSAGE_BYTES) }),
  'recipient-status': (x) => ({ addresses: addressList(object(x), 'addresses') }),
  'sign-message': (x) => {
    const o = object(x);
    return { mime: bytes(o, 'mime', MAX_MESSAGE_BYTES), from: address(o.from, 'from') };
  },
  'encrypt-message': (x) => {
    const o = object(x);
    return { mime: bytes(o, 'mime', MAX_MESSAGE_BYTES), from: address(o.from, 'from'), recipients: addressList(o, 'recipients'), sign: bool(o, 'sign') };
  },
  'set-tab-verdict': (x) => {
    const o = object(x);
    const v = o.verdict;
    if (typeof v !== 'string' || !(TAB_VERDICTS as readonly string[]).includes(v)) throw new BadRequest('verdict is not a known verdict.');
    const out: RequestOf<'set-tab-verdict'> = { verdict: v as TabVerdict };
    if (o.messages !== undefined) {
      if (!Array.isArray(o.messages) || o.messages.length > 100 || !o.messages.every((d) => typeof d === 'string' && /^[0-9a-f]{64}$/.test(d))) {
        throw new BadRequest('messages must be up to 100 SHA-256 digests.');
      }
      out.messages = [...(o.messages as string[])];
    }
    return out;
  },
  'import-contact-certificate': (x) => ({ certificate: bytes(object(x), 'certificate', MAX_FILE_BYTES) }),
  'delete-contact-certificate': (x) => {
    const o = object(x);
    return { address: address(o.address, 'address'), certificateId: certId(o, 'certificateId') };
  },
  'sender-signals': (x) => {
    const o = object(x);
    return { address: address(o.address, 'address'), signed: bool(o, 'signed') };
  },
  'dismiss-signature-missing': (x) => ({ address: address(object(x).address, 'address') }),
  'stage-message': (x) => {
    const o = object(x);
    if (o.purpose !== 'decrypt' && o.purpose !== 'details') throw new BadRequest('purpose must be "decrypt" or "details".');
    const via = o.via === undefined ? undefined : RAW_SOURCE_VIAS.find((v) => v === o.via);
    if (o.via !== undefined && !via) throw new BadRequest('via is not a known raw-source path.');
    return { message: bytes(o, 'message', MAX_MESSAGE_BYTES), purpose: o.purpose, ...(via ? { via } : {}) };
  },
  'open-staged': (x) => {
    const token = object(x).token;
    if (typeof token !== 'string' || !/^[0-9a-f-]{36}$/.test(token)) throw new BadRequest('token is not a view token.');
    return { token };
  },
  'tab-verdict': (x) => {
    const tabId = object(x).tabId;
    if (typeof tabId !== 'number' || !Number.isSafeInteger(tabId) || tabId < 0) throw new BadRequest('tabId must be a tab id.');
    return { tabId };
  },
  'open-composer': (x) => {
    const o = object(x);
    const out: RequestOf<'open-composer'> = { mode: mode(o.mode) };
    if (o.account !== undefined) out.account = address(o.account, 'account');
    if (o.threadId !== undefined) out.threadId = threadId(o);
    if (o.message !== undefined) out.message = bytes(o, 'message', MAX_MESSAGE_BYTES);
    if (o.provider !== undefined) out.provider = provider(o.provider);
    if (out.mode !== 'new' && !out.message) throw new BadRequest('A reply or forward needs the original message.');
    return out;
  },
  'get-compose-context': (x) => ({ handle: handle(object(x), 'handle') }),
  'save-draft': (x) => ({ draft: draft(object(x).draft) }),
  'load-draft': (x) => ({ id: handle(object(x), 'id') }),
  'list-drafts': empty,
  'delete-draft': (x) => ({ id: handle(object(x), 'id') }),
  'send-message': (x) => ({ draft: draft(object(x).draft) }),
  'get-oauth-settings': empty,
  'set-oauth-settings': (x) => {
    const o = object(x);
    if (o.clientId === null) return { clientId: null };
    const v = str(o, 'clientId', 256).trim();
    // Google client ids look like "1234-abc.apps.googleusercontent.com"; anything else is a paste error.
    if (!/^[A-Za-z0-9._-]+\.apps\.googleusercontent\.com$/.test(v)) throw new BadRequest('This does not look like a Google OAuth client id (…apps.googleusercontent.com).');
    return { clientId: v };
  },
  'outlook-graph-mime': (x) => {
    const id = object(x).id;
    // A Graph (REST) message id: base64url. It goes into a URL path, so nothing else passes.
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{8,600}={0,2}$/.test(id)) throw new BadRequest('id is not a Graph message id.');
    return { id };
  },
  'get-ms-oauth-settings': empty,
  'set-ms-oauth-settings': (x) => {
    const o = object(x);
    const out: RequestOf<'set-ms-oauth-settings'> = {};
    if ('clientId' in o) {
      if (o.clientId === null) out.clientId = null;
      else {
        const v = str(o, 'clientId', 64).trim().toLowerCase();
        // Entra application (client) ids are GUIDs; anything else is a paste error.
        if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v)) throw new BadRequest('This does not look like a Microsoft application (client) id (a GUID).');
        out.clientId = v;
      }
    }
    if ('graphRead' in o) out.graphRead = bool(o, 'graphRead');
    return out;
  },
  'ms-sign-in': (x) => {
    const o = object(x);
    if (o.purpose !== 'send' && o.purpose !== 'read') throw new BadRequest('purpose must be "send" or "read".');
    return { purpose: o.purpose, ...(o.account !== undefined ? { account: address(o.account, 'account') } : {}) };
  },
  'get-compose-settings': empty,
  'set-compose-settings': (x) => {
    const o = object(x);
    const out: Partial<ComposeSettings> = {};
    if ('signingForm' in o) {
      if (o.signingForm !== 'detached' && o.signingForm !== 'opaque') throw new BadRequest('signingForm must be "detached" or "opaque".');
      out.signingForm = o.signingForm;
    }
    if ('hideSubjectByDefault' in o) out.hideSubjectByDefault = bool(o, 'hideSubjectByDefault');
    if ('accounts' in o) {
      const list = o.accounts;
      if (!Array.isArray(list) || list.length > 50) throw new BadRequest('accounts must be a list of at most 50 entries.');
      out.accounts = list.map((a, i) => {
        const e = object(a, `accounts[${i}]`);
        return { address: addressKey(address(e.address, `accounts[${i}].address`)), sign: bool(e, 'sign'), encrypt: bool(e, 'encrypt') };
      });
    }
    return out;
  },
};

// Every operation has a validator (checked at load, so a new operation without one fails every test).
for (const op of OPERATION_NAMES) if (typeof VALIDATORS[op] !== 'function') throw new Error(`no validator for ${op}`);
