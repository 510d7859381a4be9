// The composer's rules: address fields, who blocks encryption, default toggles and From choices.
import { describe, expect, it } from 'vitest';
import { defaultToggles, encryptionBlockers, fromChoices, identitiesFor, pickIdentity, splitAddresses } from '../../src/composer/compose-rules';
import type { IdentityView } from '../../src/shared/messages';

describe('compose rules', () => {
  it('splits address fields and reports what is not an address', () => {
    expect(splitAddresses('Hanako <h@corp.example>, b@x.example; B@X.example\nnot-an-address')).toEqual({ addresses: ['h@corp.example', 'b@x.example'], invalid: ['not-an-address'] });
  });
  it('blocks encryption for missing, expired and not-yet-checked recipients only', () => {
    const st = [
      { address: 'a@x.example', status: 'ok' as const },
      { address: 'b@x.example', status: 'expired' as const },
      { address: 'c@x.example', status: 'missing' as const },
      { address: 'd@x.example', status: 'untrusted' as const },
    ];
    expect(encryptionBlockers(['a@x.example', 'b@x.example', 'c@x.example', 'd@x.example', 'e@x.example'], st)).toEqual(['b@x.example', 'c@x.example', 'e@x.example']);
  });
  it('signs by default when an identity exists, per-account defaults win, replies to encrypted mail encrypt', () => {
    const s = { signingForm: 'detached' as const, hideSubjectByDefault: false, accounts: [{ address: 'me@x.example', sign: false, encrypt: true }] };
    expect(defaultToggles('other@x.example', true, s, false)).toEqual({ sign: true, encrypt: false });
    expect(defaultToggles('other@x.example', false, s, true)).toEqual({ sign: false, encrypt: false });
    expect(defaultToggles('me@x.example', true, s, false)).toEqual({ sign: false, encrypt: true });
    expect(defaultToggles('other@x.example', true, s, true)).toEqual({ sign: true, encrypt: true });
  });
  it('From is the Gmail tab account when known', () => {
    const ids = [{ emails: ['b@x.example', 'a@x.example'] }, { emails: ['a@x.example'] }] as IdentityView[];
    expect(fromChoices('ME@x.example', ids)).toEqual(['me@x.example']);
    expect(fromChoices(null, ids)).toEqual(['a@x.example', 'b@x.example']);
  });
});

describe('identity picker', () => {
  const view = (id: string, emails: string[], notBefore: string, notAfter: string, defaultFor: string[] = []) =>
    ({ id, emails, defaultFor, summary: { notBefore, notAfter } }) as unknown as IdentityView;
  const now = Date.parse('2026-06-01T00:00:00Z');
  const ids = [
    view('old', ['me@x.example'], '2025-01-01T00:00:00Z', '2027-01-01T00:00:00Z'),
    view('new', ['me@x.example'], '2026-03-01T00:00:00Z', '2028-01-01T00:00:00Z'),
    view('expired', ['me@x.example'], '2024-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
    view('future', ['me@x.example'], '2026-09-01T00:00:00Z', '2029-01-01T00:00:00Z'),
    view('other', ['other@x.example'], '2026-01-01T00:00:00Z', '2028-01-01T00:00:00Z'),
  ];
  it('offers only identities valid now for the address, newest first', () => {
    expect(identitiesFor('ME@x.example', ids, now).map((i) => i.id)).toEqual(['new', 'old']);
  });
  it('keeps a valid earlier choice, else the user default, else the newest; null when none is valid', () => {
    expect(pickIdentity('me@x.example', ids, 'old', now)).toBe('old');
    expect(pickIdentity('me@x.example', ids, 'expired', now)).toBe('new');
    expect(pickIdentity('me@x.example', ids, 'other', now)).toBe('new');
    const withDefault = ids.map((i) => (i.id === 'old' ? { ...i, defaultFor: ['me@x.example'] } : i));
    expect(pickIdentity('me@x.example', withDefault, null, now)).toBe('old');
    expect(pickIdentity('me@x.example', withDefault, 'new', now)).toBe('new');
    expect(pickIdentity('nobody@x.example', ids, null, now)).toBeNull();
  });
  it('prefers the identity that lasts longer over a later-issued one that is about to expire', () => {
    const two = [view('trial', ['me@x.example'], '2026-05-01T00:00:00Z', '2026-06-20T00:00:00Z'), view('lasting', ['me@x.example'], '2025-01-01T00:00:00Z', '2027-12-31T00:00:00Z')];
    expect(identitiesFor('me@x.example', two, now).map((i) => i.id)).toEqual(['lasting', 'trial']);
    expect(pickIdentity('me@x.example', two, null, now)).toBe('lasting');
  });
});
