import { FoyerError } from '@foyer/core';
import { AccountsErrorCode } from '../accounts-error-code';
import { isCommonPassword } from './common-passwords';
import { PasswordPolicy } from './password-policy';

function refusal(password: string): string | undefined {
  try {
    new PasswordPolicy().assertAcceptable(password);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(FoyerError);
    expect((error as FoyerError).status).toBe(400);
    return (error as FoyerError).code;
  }
}

describe('PasswordPolicy', () => {
  it('accepts a password of 10 characters or more that is not common', () => {
    expect(refusal('kx7#Qm2!vz')).toBeUndefined();
    expect(refusal('correct horse battery staple, by the hearth')).toBeUndefined();
  });

  it.each([[''], ['a'], ['123456789'], ['nine-char']])('refuses %p as too short', (password) => {
    expect(refusal(password)).toBe(AccountsErrorCode.PasswordTooShort);
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    // Nine emoji are 18 UTF-16 units and 36 bytes, but nine characters.
    expect(refusal('🔥'.repeat(9))).toBe(AccountsErrorCode.PasswordTooShort);
    expect(refusal('🔥'.repeat(10))).toBeUndefined();
    expect(refusal('é'.repeat(10))).toBeUndefined();
  });

  it('accepts 1024 characters and refuses 1025 as too long', () => {
    expect(refusal('z'.repeat(1024))).toBeUndefined();
    expect(refusal('z'.repeat(1025))).toBe(AccountsErrorCode.PasswordTooLong);
  });

  it.each([
    ['qwertyuiop'],
    ['1234567890'],
    ['password123'],
    ['PassWord123'],
    ['BASKETBALL'],
    ['1q2w3e4r5t'],
  ])('refuses the common password %p, whatever its case', (password) => {
    expect(refusal(password)).toBe(AccountsErrorCode.PasswordTooCommon);
  });

  it('checks the length before the dictionary (a short common password is "too short")', () => {
    expect(refusal('password')).toBe(AccountsErrorCode.PasswordTooShort);
  });
});

describe('isCommonPassword', () => {
  it('uses the passwords-common dictionary of @zxcvbn-ts/language-common', () => {
    expect(isCommonPassword('123456')).toBe(true);
    expect(isCommonPassword('Dragon')).toBe(true);
    expect(isCommonPassword('kx7#Qm2!vz')).toBe(false);
  });
});
