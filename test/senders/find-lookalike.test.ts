// The look-alike detector against a table of real phishing patterns (catches) and of real, unrelated or related
// pairs that must NOT warn (false alarms cost trust as much as misses). Known = the address book.
import { describe, expect, it } from 'vitest';
import { editDistance, findLookalike, type LookalikeReason } from '../../src/background/senders/find-lookalike';
import { fold } from '../../src/background/senders/address-shape';

const BOOK = [
  'notices@demo-bank.example',
  'info@mufg.jp',
  'service@paypal.com',
  'no-reply@amazon.co.jp',
  'taro.yamada@gmail.com',
  'support@rakuten.co.jp',
  'account-security-noreply@accountprotection.microsoft.com',
  'news@nikkei.com',
  'kaori@smbc.co.jp',
  'alerts@mizuhobank.co.jp',
];

const CATCHES: Array<[string, string, LookalikeReason]> = [
  // confusable characters (UTS #39 skeleton)
  ['notices@dеmo-bank.example', 'notices@demo-bank.example', 'confusable'], // Cyrillic е
  ['notices@demо-bank.example', 'notices@demo-bank.example', 'confusable'], // Cyrillic о
  ['service@xn--pypal-4ve.com', 'service@paypal.com', 'confusable'], // pаypal (Cyrillic а) as an A-label
  ['service@paypaI.com', 'service@paypal.com', 'confusable'], // capital I for l
  ['no-reply@arnazon.co.jp', 'no-reply@amazon.co.jp', 'confusable'], // rn for m
  // digit-letter swaps
  ['notices@dem0-bank.example', 'notices@demo-bank.example', 'digit-swap'],
  ['service@paypa1.com', 'service@paypal.com', 'digit-swap'],
  ['support@raku7en.co.jp', 'support@rakuten.co.jp', 'digit-swap'],
  ['alerts@m1zuhobank.co.jp', 'alerts@mizuhobank.co.jp', 'digit-swap'],
  // added words
  ['notices@demo-bank-jp.example', 'notices@demo-bank.example', 'added-word'],
  ['notices@demo-bank-secure.example', 'notices@demo-bank.example', 'added-word'],
  ['notices@secure-demo-bank.example', 'notices@demo-bank.example', 'added-word'],
  ['info@mufg-info.jp', 'info@mufg.jp', 'added-word'],
  ['service@paypal-support.com', 'service@paypal.com', 'added-word'],
  ['no-reply@amazonjp.co.jp', 'no-reply@amazon.co.jp', 'added-word'],
  ['support@rakuten-login.com', 'support@rakuten.co.jp', 'added-word'],
  // the known domain or name hidden in a subdomain, or its dots turned into hyphens
  ['kaori@smbc.co.jp.evil.com', 'kaori@smbc.co.jp', 'added-word'],
  ['kaori@smbc.co.jp-secure.net', 'kaori@smbc.co.jp', 'added-word'],
  ['service@paypal.com.jp', 'service@paypal.com', 'added-word'],
  ['service@paypal-com.net', 'service@paypal.com', 'added-word'],
  ['service@paypal.security-check.com', 'service@paypal.com', 'added-word'],
  ['service@secure.paypal.com.evil.org', 'service@paypal.com', 'added-word'],
  ['service@paypal-secure.example.org', 'service@paypal.com', 'added-word'],
  ['taro.yamada@gmail.com.evil.org', 'taro.yamada@gmail.com', 'added-word'],
  // the same name under another public suffix
  ['no-reply@amazon.com.co', 'no-reply@amazon.co.jp', 'other-suffix'],
  ['info@mufg.co.jp', 'info@mufg.jp', 'other-suffix'],
  ['notices@demo-bank.co', 'notices@demo-bank.example', 'other-suffix'],
  ['kaori@smbc.jp.net', 'kaori@smbc.co.jp', 'other-suffix'],
  // one or two typos in a long name
  ['alerts@mizuhobnak.co.jp', 'alerts@mizuhobank.co.jp', 'typo'], // swapped letters
  ['alerts@mizuhbank.co.jp', 'alerts@mizuhobank.co.jp', 'typo'],
  ['news@nikkie.com', 'news@nikkei.com', 'typo'],
  ['account-security-noreply@accountprotection.micros0ft.com', 'account-security-noreply@accountprotection.microsoft.com', 'digit-swap'],
  ['account-security-noreply@microsoft-verify.com', 'account-security-noreply@accountprotection.microsoft.com', 'added-word'],
  // local part imitated at a mailbox provider
  ['taro.yamada@gmai1.com', 'taro.yamada@gmail.com', 'digit-swap'],
  ['taro.yarnada@gmail.com', 'taro.yamada@gmail.com', 'local-part'],
  ['tar0.yamada@gmail.com', 'taro.yamada@gmail.com', 'local-part'],
];

const NON_CATCHES: string[] = [
  'notices@demo-bank.example', // known itself
  'NOTICES@Demo-Bank.Example', // known, other case
  'info@mail.demo-bank.example', // a subdomain of the known organisation
  'kaori@mail.smbc.co.jp', // the bank's own subdomain: the same registrable domain
  'service@email.paypal.com',
  'no-reply@mail.amazon.co.jp',
  'someone@mail.example.org', // a generic word as a subdomain is not the provider mail.com
  'someone@gmail.example.org', // a provider's name as a company's own host name (outlook.contoso.com)
  'x@paypalcommunity.com', // the brand plus an unknown word, hidden nowhere
  'x@nikkeibp.nikkei-partner.org', // neither the whole known domain nor its name as a label
  'support@demo-bank.example', // another mailbox of the known organisation
  'service@ｐａｙｐａｌ.com', // full-width letters: IDNA maps them to paypal.com itself
  'account-security-noreply@accountprotectoin.microsoft.com', // a typo, but inside microsoft.com: Microsoft's own
  'hanako.suzuki@gmail.com', // another person at the same provider
  'taro.yamada@yahoo.co.jp', // the same person name at another provider
  'someone@mail.com', // providers resemble each other: gmail.com / mail.com
  'someone@hotmail.co.jp',
  'info@mufj.jp', // four letters: too short for typo matching
  'info@ufj.jp',
  'support@rakuten-sec.co.jp', // a real sister company with its own word
  'support@rakuten-card.co.jp',
  'no-reply@amazonaws.com', // a different name containing the brand plus an unknown word
  'service@paypalobjects.com',
  'news@nikkeibp.co.jp',
  'kaori@smbc-card.com',
  'alerts@mizuho-fg.co.jp',
  'alerts@resonabank.co.jp', // another bank with a long name (distance > 2)
  'someone@sbi.co.jp',
  'x@github.com',
  'x@gitlab.com',
  'user@foo.github.io',
  'a@example.org',
  'a@jcb.co.jp',
  'news@asahi.com',
  'news@nhk.or.jp',
  'not-an-address',
  '@',
];

describe('findLookalike', () => {
  it.each(CATCHES)('%s imitates %s (%s)', (address, known, reason) => {
    expect(findLookalike(address, BOOK)).toEqual({ known, reason });
  });

  it.each(NON_CATCHES)('%s is not a look-alike', (address) => {
    expect(findLookalike(address, BOOK)).toBeNull();
  });

  it('catch and false-alarm rates over the table', () => {
    const caught = CATCHES.filter(([a]) => findLookalike(a, BOOK) !== null).length;
    const alarms = NON_CATCHES.filter((a) => findLookalike(a, BOOK) !== null).length;
    expect(caught / CATCHES.length).toBe(1);
    expect(alarms).toBe(0);
  });

  it('with an empty address book nothing is a look-alike', () => {
    expect(findLookalike('notices@dem0-bank.example', [])).toBeNull();
  });
});

describe('building blocks', () => {
  it('fold is the confusable skeleton, case-insensitive', () => {
    expect(fold('pаypal')).toBe(fold('paypal'));
    expect(fold('PayPal')).toBe(fold('paypal'));
    expect(fold('rn')).toBe(fold('m'));
    expect(fold('demo')).not.toBe(fold('deme'));
  });

  it('editDistance counts a swap of neighbours as one edit and stops early', () => {
    expect(editDistance('mizuhobank', 'mizuhobnak', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('abcdefgh', 'zzzzzzzz', 2)).toBe(3);
    expect(editDistance('same', 'same', 1)).toBe(0);
  });
});
