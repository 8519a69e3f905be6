import request from 'supertest';
import { createUser, TestUser } from '../../factories/user.factory';
import type { TestApp } from '../../harness/test-app';
import { CreatedHousehold, createActiveHousehold } from '../households/provisioning-helpers';

export interface PimFixture {
  owner: TestUser;
  home: CreatedHousehold;
  /** The Family address book and calendar the household was provisioned with. */
  familyBook: string;
  familyCalendar: string;
}

export function pimUrl(hid: string, rest: string): string {
  return `/api/v1/households/${hid}${rest}`;
}

export interface CollectionBody {
  id: string;
  name: string;
  displayName: string;
  ownerUserId: string | null;
}

/** A verified owner with a provisioned household, and the ids of its Family collections. */
export async function pimHousehold(testApp: TestApp, name = 'PIM home'): Promise<PimFixture> {
  const owner = await createUser(testApp, { verified: true });
  const home = await createActiveHousehold(testApp.server, owner, name);
  const books = await request(testApp.server).get(pimUrl(home.id, '/addressbooks')).set(owner.auth);
  const calendars = await request(testApp.server)
    .get(pimUrl(home.id, '/calendars'))
    .set(owner.auth);
  if (books.status !== 200 || calendars.status !== 200) {
    throw new Error(`pimHousehold: listing answered ${books.status} / ${calendars.status}`);
  }
  const family = (list: CollectionBody[]) => {
    const found = list.find((collection) => collection.name === 'family');
    if (!found) throw new Error(`pimHousehold: no Family collection in ${JSON.stringify(list)}`);
    return found.id;
  };
  return {
    owner,
    home,
    familyBook: family(books.body as CollectionBody[]),
    familyCalendar: family(calendars.body as CollectionBody[]),
  };
}

/** A vCard 4.0 with a UID and a name, CRLF, as a phone exports it. */
export function vcard(uid: string, name: string, extra: string[] = []): string {
  return ['BEGIN:VCARD', 'VERSION:4.0', `UID:${uid}`, `FN:${name}`, ...extra, 'END:VCARD', ''].join(
    '\r\n',
  );
}

/** One VCALENDAR holding one VEVENT. */
export function vevent(uid: string, start: string, extra: string[] = []): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20250101T000000Z',
    `DTSTART:${start}`,
    'DURATION:PT1H',
    ...extra,
    'END:VEVENT',
  ];
}

export function vcalendar(...components: string[][]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Test//Test//EN',
    ...components.flat(),
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** A supertest parser that keeps the body as text, whatever its type. */
export function textParser(
  response: unknown,
  callback: (error: Error | null, body: string) => void,
): void {
  const stream = response as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks).toString('utf8')));
  stream.on('error', (error: Error) => callback(error, ''));
}
