// The composer's rules: address fields, who blocks encryption, default toggles and From choices.
import { describe, expect, it } from 'vitest';
import { defaultToggles, encryptionBlockers, fromChoices, splitAddresses } from '../../src/composer/compose-rules';
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
