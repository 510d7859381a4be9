// One error type for the whole engine, so callers (CLI, background, UI) can map a code to a plain-language message.

export type EngineErrorCode =
  | 'malformed' // input is not well-formed DER / MIME / PEM
  | 'unsupported-algorithm' // well-formed, but uses an algorithm we do not implement
  | 'wrong-password' // PKCS#12 MAC or decryption failed in a way that means the password is wrong
  | 'corrupt-file' // a file that is not what it claims (not PKCS#12, not a certificate, truncated)
  | 'no-private-key' // a certificate (PKCS#12 or PEM) without its private key
  | 'no-certificate' // a private key without its certificate
  | 'not-for-this-identity' // an envelope whose recipients do not include any of our keys
  | 'auth-failed' // AEAD tag, or decryption that must be reported as tampered
  | 'empty-file' // a file with no bytes at all
  | 'damaged-file' // recognisably the claimed kind of file (a PKCS#12, say) but cut short or damaged
  | 'zip-password' // a password-locked ZIP that the password tried does not open
  | 'invalid-argument' // caller error
  | 'too-large' // input beyond the engine's limits
  | 'too-much-work'; // a file asks for more key-derivation work than real files need (DoS guard)

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: EngineErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
    this.details = details;
  }
}

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof EngineError;
}

/**
 * The engine's own words for a thrown value: an EngineError's message, else `fallback`. Exceptions from
 * libraries (PKI.js, asn1js, WebCrypto, zip.js) or from the JavaScript engine ("undefined is not iterable",
 * "Cannot read properties of undefined") must never reach a user as the explanation.
 */
export function ownText(e: unknown, fallback: string): string {
  return e instanceof EngineError ? e.message : fallback;
}

/** An EngineError with our message; the foreign exception's text is kept in `details.cause` for logs only. */
export function foreignError(code: EngineErrorCode, message: string, e: unknown): EngineError {
  return new EngineError(code, message, { cause: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
}

/** Wrap any thrown value as an EngineError with the given fallback code (a foreign message is not passed on). */
export function toEngineError(e: unknown, fallback: EngineErrorCode = 'malformed'): EngineError {
  if (e instanceof EngineError) return e;
  return foreignError(fallback, 'The data has a structure that could not be read.', e);
}
