// rfc822Name constraints (RFC 5280 §4.2.1.10): case and trailing-dot variants must not escape an exclusion.
import { describe, expect, it } from 'vitest';
import { emailMatchesConstraint } from '../../src/crypto/trust/name-constraints';

describe('rfc822Name constraints', () => {
  it.each([
    ['alice@bank.example', 'bank.example', true],
    ['alice@BANK.example', 'bank.example', true],
    ['alice@bank.example.', 'bank.example', true],
    ['alice@bank.example..', 'bank.example', true],
    ['alice@bank.example', 'bank.example.', true],
    ['alice@mail.bank.example', '.bank.example', true],
    ['alice@mail.bank.example.', '.bank.example', true],
    ['alice@bank.example', '.bank.example', false],
    ['alice@evilbank.example', 'bank.example', false],
    ['alice@evilbank.example', '.bank.example', false],
    ['alice@bank.example', 'alice@bank.example', true],
    ['alice@bank.example.', 'alice@bank.example', true],
    ['Alice@bank.example', 'alice@bank.example', false],
  ])('%s within %s → %s', (email, constraint, expected) => {
    expect(emailMatchesConstraint(email, constraint)).toBe(expected);
  });
});
