import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/** Where a number written without its country code is assumed to be, until households choose. */
export const DEFAULT_PHONE_REGION: CountryCode = 'FR';

/**
 * A phone number as E.164 (`+33612345678`), or null when it cannot be read as one (too short,
 * letters, an extension-only string): the raw text is kept beside it, so nothing is lost.
 * `tel:` URIs (vCard 4.0 `VALUE=uri`) are read without their scheme and parameters.
 */
export function toE164(raw: string, region: CountryCode = DEFAULT_PHONE_REGION): string | null {
  const text = raw.trim().replace(/^tel:/i, '').split(';', 1)[0];
  if (text === '' || !/\d/.test(text)) return null;
  const parsed = parsePhoneNumberFromString(text, region);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}
