import { CountryCode } from 'libphonenumber-js';
import { FoyerError } from '@foyer/core';
import { PimErrorCode } from '../pim-error-code';
import { ICAL, IcalComponent } from './ical';
import { DEFAULT_PHONE_REGION, toE164 } from './phone';
import { assertBoundedText } from './text-limits';

/** What is kept of a vCard beside its text, for queries and for the web app. */
export interface ParsedContact {
  uid: string;
  version: '3.0' | '4.0';
  formattedName: string;
  givenName: string | null;
  familyName: string | null;
  organization: string | null;
  emails: string[];
  /** The TEL values as written. */
  phones: string[];
  /** The TEL values that read as phone numbers, in E.164, without duplicates. */
  phonesE164: string[];
}

function invalid(message: string): FoyerError {
  return new FoyerError(400, PimErrorCode.InvalidVcard, message);
}

/** Parses text into vCard components with ical.js (one or many). */
function parseComponents(text: string): IcalComponent[] {
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch (error) {
    throw invalid(`Not a vCard: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw invalid('Not a vCard');
  const list = (Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[][];
  return list.map((jcal) => {
    const component = new ICAL.Component(jcal);
    if (component.name !== 'vcard') throw invalid(`Expected BEGIN:VCARD, found ${component.name}`);
    return component;
  });
}

function text(value: unknown): string {
  if (Array.isArray(value)) return value.map(text).join(',');
  return value === null || value === undefined ? '' : String(value).trim();
}

function firstText(card: IcalComponent, name: string): string | null {
  const value = text(card.getFirstPropertyValue(name));
  return value === '' ? null : value;
}

function allTexts(card: IcalComponent, name: string): string[] {
  return card
    .getAllProperties(name)
    .map((property) => text(property.getFirstValue()))
    .filter((value) => value !== '');
}

/** The family and given names of a structured N (`family;given;additional;prefix;suffix`). */
function structuredName(card: IcalComponent): { family: string | null; given: string | null } {
  const value = card.getFirstPropertyValue('n') as unknown;
  const parts = Array.isArray(value) ? value.map(text) : text(value).split(';');
  const family = parts[0] ?? '';
  const given = parts[1] ?? '';
  return { family: family === '' ? null : family, given: given === '' ? null : given };
}

function contactOf(card: IcalComponent, region: CountryCode): ParsedContact {
  const version = firstText(card, 'version');
  if (version !== '3.0' && version !== '4.0') {
    throw invalid(`VERSION must be 3.0 or 4.0 (found ${version ?? 'none'})`);
  }
  const uids = allTexts(card, 'uid');
  if (uids.length !== 1) throw invalid(`A vCard needs exactly one UID (found ${uids.length})`);
  const { family, given } = structuredName(card);
  const fn = firstText(card, 'fn');
  if (!fn) throw invalid('A vCard needs a formatted name (FN)');
  const phones = allTexts(card, 'tel');
  const e164 = phones.map((phone) => toE164(phone, region)).filter((p): p is string => !!p);
  return {
    uid: uids[0],
    version,
    formattedName: fn,
    givenName: given,
    familyName: family,
    organization: firstText(card, 'org')?.replace(/,/g, ' ').trim() || null,
    emails: allTexts(card, 'email').map((email) => email.replace(/^mailto:/i, '')),
    phones,
    phonesE164: [...new Set(e164)],
  };
}

/**
 * Validates one vCard (3.0 or 4.0, as CardDAV stores one per resource) and extracts what
 * queries need. Refused (400 INVALID_VCARD, with the reason): unparseable text, several cards,
 * no or several UIDs, no FN, another VERSION, a NUL; 400 OBJECT_TOO_COMPLEX past the limits of
 * text-limits.ts.
 */
export function parseVcard(
  text: string,
  region: CountryCode = DEFAULT_PHONE_REGION,
): ParsedContact {
  assertBoundedText(text, 'vcard');
  const cards = parseComponents(text);
  if (cards.length !== 1) throw invalid(`One vCard per object (found ${cards.length})`);
  return contactOf(cards[0], region);
}

/** One card of a multi-card file, re-serialised, or why it was refused. */
export type SplitVcard =
  { index: number; content: string; contact: ParsedContact } | { index: number; error: FoyerError };

/**
 * Splits a `.vcf` holding many cards (an export from a phone) into one text per card, each
 * validated on its own so that one bad card does not sink the file. A file that ical.js cannot
 * parse at all is refused whole.
 */
export function splitVcards(
  text: string,
  region: CountryCode = DEFAULT_PHONE_REGION,
): SplitVcard[] {
  return parseComponents(text).map((card, index) => {
    const content = card.toString().replace(/\r?\n/g, '\r\n') + '\r\n';
    try {
      return { index, content, contact: contactOf(card, region) };
    } catch (error) {
      if (error instanceof FoyerError) return { index, error };
      throw error;
    }
  });
}
