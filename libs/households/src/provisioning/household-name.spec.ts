import { FoyerError } from '@foyer/core';
import { HouseholdsErrorCode } from '../households-error-code';
import { normalizeHouseholdName } from './household-name';

function refusal(name: string): FoyerError {
  try {
    normalizeHouseholdName(name);
  } catch (error) {
    return error as FoyerError;
  }
  throw new Error(`${JSON.stringify(name)} was accepted`);
}

describe('normalizeHouseholdName', () => {
  it('trims and composes to NFC', () => {
    expect(normalizeHouseholdName('  The Martins \t')).toBe('The Martins');
    const composed = normalizeHouseholdName('He\u0301le\u0300ne');
    expect(composed).toBe('H\u00e9l\u00e8ne');
    expect(composed).toHaveLength(6);
  });

  it('counts characters, not UTF-16 units: 100 emoji fit', () => {
    const name = '🏠'.repeat(100);
    expect(normalizeHouseholdName(name)).toBe(name);
    expect(refusal('🏠'.repeat(101)).code).toBe(HouseholdsErrorCode.InvalidName);
  });

  it.each([
    ['empty', ''],
    ['blank', ' \t\u00a0\u3000 '],
    ['101 characters', 'x'.repeat(101)],
    ['a newline', 'The\nMartins'],
    ['a NUL', 'The\u0000Martins'],
    ['a C1 control', 'The\u0085Martins'],
    ['DEL', 'The\u007fMartins'],
    ['a line separator', 'The\u2028Martins'],
    ['a lone surrogate', 'The\ud800Martins'],
  ])('refuses %s with 400 INVALID_HOUSEHOLD_NAME', (_what, name) => {
    const error = refusal(name);
    expect(error).toBeInstanceOf(FoyerError);
    expect(error.status).toBe(400);
    expect(error.code).toBe(HouseholdsErrorCode.InvalidName);
  });

  it('keeps emoji sequences with joiners (format characters are not control characters)', () => {
    expect(normalizeHouseholdName('Family 👨‍👩‍👧')).toBe('Family 👨‍👩‍👧');
  });
});
