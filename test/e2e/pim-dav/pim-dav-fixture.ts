import type { Server } from 'node:http';
import request from 'supertest';
import type { TestApp } from '../../harness/test-app';
import { DavFixture, davFixture } from '../dav/dav-fixture';

export { basicAuth, dav } from '../dav/dav-fixture';
export type { DavFixture } from '../dav/dav-fixture';

/** A verified owner, an active household (with its Family collections) and an app password. */
export function pimDavFixture(testApp: TestApp, name = 'Pim home'): Promise<DavFixture> {
  return davFixture(testApp, name);
}

export const calendarsUrl = (slug: string, rest = '') => `/dav/calendars/${slug}/${rest}`;
export const addressbooksUrl = (slug: string, rest = '') => `/dav/addressbooks/${slug}/${rest}`;

export function vcard(uid: string, fn: string, extra: string[] = [], version = '3.0'): string {
  const [given, ...family] = fn.split(' ');
  return [
    'BEGIN:VCARD',
    `VERSION:${version}`,
    `UID:${uid}`,
    `FN:${fn}`,
    `N:${family.join(' ')};${given};;;`,
    ...extra,
    'END:VCARD',
    '',
  ].join('\r\n');
}

/** A VCALENDAR around the given lines of one or more components. */
export function vcalendar(...components: string[][]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Foyer tests//EN',
    ...components.flat(),
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

export function vevent(uid: string, start: string, end: string, extra: string[] = []): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART${start}`,
    `DTEND${end}`,
    ...extra,
    'END:VEVENT',
  ];
}

export const PARIS = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Paris',
  'BEGIN:STANDARD',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
];

/** PUT an object with Basic auth. */
export function putObject(
  server: Server,
  auth: string,
  url: string,
  body: string,
  contentType = 'text/plain',
): request.Test {
  return request(server)
    .put(url)
    .set('Authorization', auth)
    .set('Content-Type', contentType)
    .send(body);
}

/** The hrefs of a multistatus, in order. */
export function hrefsOf(xml: string): string[] {
  return [...xml.matchAll(/<D:href>([^<]*)<\/D:href>/g)].map((m) => m[1]);
}

/** The `<D:response>` blocks of a multistatus. */
export function responsesOf(xml: string): string[] {
  return [...xml.matchAll(/<D:response>([\s\S]*?)<\/D:response>/g)].map((m) => m[1]);
}

export function xmlText(response: request.Response): string {
  return typeof response.text === 'string' ? response.text : String(response.body);
}
