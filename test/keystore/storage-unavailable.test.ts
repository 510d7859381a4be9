// Firefox with "Never remember history" refuses extension IndexedDB. The keystore must say so with its own error
// code (shown in plain words), not fail as an internal error.
import { describe, expect, it } from 'vitest';
import { openKeystoreDb, storageUnavailable } from '../../src/background/keystore/migrations';
import { KeystoreError } from '../../src/background/keystore/keystore-error';
import { errorText } from '../../src/ui/error-text';

const domError = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('storage unavailable', () => {
  it("maps Firefox's private-browsing refusal and a SecurityError to storage-unavailable", () => {
    const pb = storageUnavailable(domError('InvalidStateError', 'A mutation operation was attempted on a database that did not allow mutations.'));
    expect(pb).toBeInstanceOf(KeystoreError);
    expect(pb?.code).toBe('storage-unavailable');
    expect(storageUnavailable(domError('SecurityError', 'The operation is insecure.'))?.code).toBe('storage-unavailable');
    expect(storageUnavailable(domError('QuotaExceededError', 'full'))).toBeNull();
    expect(storageUnavailable('nope')).toBeNull();
  });

  it('openKeystoreDb rejects with the typed error when IndexedDB refuses to open', async () => {
    const refusing = (async () => {
      throw domError('InvalidStateError', 'A mutation operation was attempted on a database that did not allow mutations.');
    }) as unknown as Parameters<typeof openKeystoreDb>[2];
    await expect(openKeystoreDb('ks', undefined, refusing)).rejects.toMatchObject({ code: 'storage-unavailable' });
    const other = (async () => {
      throw new TypeError('boom');
    }) as unknown as Parameters<typeof openKeystoreDb>[2];
    await expect(openKeystoreDb('ks', undefined, other)).rejects.toThrow(TypeError);
  });

  it('has its own plain-words message', () => {
    expect(errorText('storage-unavailable')).toBe('errStorageUnavailable');
  });
});
