// Hand-written runtime validators, one per operation. A request crosses a trust boundary (content scripts
// run inside webmail pages), so every field is checked and copied into a fresh object; unknown fields drop.
import { OPERATION_NAMES, type OperationName, type RequestOf, type Settings } from '../shared/messages';

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

function addressList(o: Obj, key: string): string[] {
  const v = o[key];
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_ADDRESSES) throw new BadRequest(`${key} must be a list of 1 to ${MAX_ADDRESSES} addresses.`);
  return v.map((a, i) => address(a, `${key}[${i}]`));
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
    return { file: bytes(o, 'file', MAX_FILE_BYTES), fileName: str(o, 'fileName', 255, true), password: str(o, 'password', MAX_STRING, true) };
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
    if (v !== 'valid' && v !== 'invalid' && v !== 'untrusted' && v !== 'encrypted' && v !== 'none') throw new BadRequest('verdict is not a known verdict.');
    return { verdict: v };
  },
};

// Every operation has a validator (checked at load, so a new operation without one fails every test).
for (const op of OPERATION_NAMES) if (typeof VALIDATORS[op] !== 'function') throw new Error(`no validator for ${op}`);
