import { randomUUID } from 'node:crypto';
import { ICAL, IcalComponent } from '../model/ical';

/** The fields of a contact the web app edits; everything else in the vCard is left as it is. */
export interface ContactFields {
  fullName: string;
  givenName: string | null;
  familyName: string | null;
  organisation: string | null;
  emails: string[];
  phones: string[];
  note: string | null;
}

/** A change: absent fields stay, `null` clears. */
export type ContactChanges = Partial<ContactFields>;

function setSingle(card: IcalComponent, name: string, value: string | null): void {
  card.removeAllProperties(name);
  if (value !== null && value !== '') card.addPropertyWithValue(name, value);
}

/**
 * Replaces a multi-valued property (EMAIL, TEL) by a list: a value already there keeps its
 * property, parameters (TYPE=…) included; the others are added, in the order given.
 */
function setList(card: IcalComponent, name: string, values: readonly string[]): void {
  const existing = new Map<string, ReturnType<IcalComponent['getFirstProperty']>>();
  for (const property of card.getAllProperties(name)) {
    const value = String(property.getFirstValue() ?? '');
    if (!existing.has(value)) existing.set(value, property);
  }
  card.removeAllProperties(name);
  for (const value of values) {
    const kept = existing.get(value);
    if (kept) card.addProperty(kept);
    else card.addPropertyWithValue(name, value);
  }
}

function setName(card: IcalComponent, family: string | null, given: string | null): void {
  const current = card.getFirstProperty('n');
  const parts = (current?.getFirstValue() as unknown as string[] | null) ?? ['', '', '', '', ''];
  const next = [...(Array.isArray(parts) ? parts : [String(parts)])];
  while (next.length < 5) next.push('');
  next[0] = family ?? '';
  next[1] = given ?? '';
  card.removeAllProperties('n');
  const property = new ICAL.Property('n', card);
  property.setValue(next as unknown as string);
  card.addProperty(property);
}

function apply(card: IcalComponent, changes: ContactChanges): void {
  if (changes.fullName !== undefined) setSingle(card, 'fn', changes.fullName);
  if (changes.familyName !== undefined || changes.givenName !== undefined) {
    const current = card.getFirstPropertyValue('n') as unknown;
    const parts = Array.isArray(current) ? (current as string[]) : [];
    setName(
      card,
      changes.familyName !== undefined ? changes.familyName : (parts[0] ?? null),
      changes.givenName !== undefined ? changes.givenName : (parts[1] ?? null),
    );
  }
  if (changes.organisation !== undefined) {
    card.removeAllProperties('org');
    if (changes.organisation) {
      const property = new ICAL.Property('org', card);
      // ORG is structured (organisation;unit): one component, so a ";" in the name stays text.
      property.setValue([changes.organisation] as unknown as string);
      card.addProperty(property);
    }
  }
  if (changes.emails !== undefined) setList(card, 'email', changes.emails);
  if (changes.phones !== undefined) setList(card, 'tel', changes.phones);
  if (changes.note !== undefined) setSingle(card, 'note', changes.note);
}

function serialise(card: IcalComponent): string {
  return `${card.toString().replace(/\r?\n/g, '\r\n')}\r\n`;
}

/** A new vCard 4.0 from the web app's fields, with a fresh `urn:uuid:` UID unless one is given. */
export function buildVcard(fields: ContactChanges & { fullName: string }, uid?: string): string {
  const card = new ICAL.Component('vcard');
  card.addPropertyWithValue('version', '4.0');
  card.addPropertyWithValue('uid', uid ?? `urn:uuid:${randomUUID()}`);
  card.addPropertyWithValue('prodid', '-//Foyer//Foyer//EN');
  apply(card, fields);
  if (!card.getFirstProperty('n')) setName(card, null, null);
  return serialise(card);
}

/**
 * The stored vCard with the changes applied, its version (3.0 or 4.0), UID and every property
 * the web app does not edit (photo, addresses, birthday, X- properties) left as they were.
 */
export function changeVcard(content: string, changes: ContactChanges): string {
  const card = new ICAL.Component(ICAL.parse(content) as unknown[]);
  apply(card, changes);
  const rev = card.getFirstProperty('rev');
  if (rev) card.updatePropertyWithValue('rev', ICAL.Time.fromJSDate(new Date(), true));
  return serialise(card);
}

/** The note of a stored vCard (the model keeps names, emails and phones, not the note). */
export function noteOf(content: string): string | null {
  try {
    const value = new ICAL.Component(ICAL.parse(content) as unknown[]).getFirstPropertyValue(
      'note',
    );
    return typeof value === 'string' && value !== '' ? value : null;
  } catch {
    return null;
  }
}
