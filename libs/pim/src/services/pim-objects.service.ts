/**
 * PimObjectsService — contacts (vCard) and calendar objects (iCalendar) in a collection, for the
 * DAV layer and the REST API. `ref` is { id } or { kind, name }; reads need the collection to be
 * visible, writes need it writable (see PimCollectionsService.open). Objects are stored as sent.
 *
 *   list(actor, ref, { limit, offset, withContent })   objects by href
 *   get(actor, ref, href) / getByUid(actor, ref, uid)  one object with its text (404 OBJECT_NOT_FOUND)
 *   multiget(actor, ref, hrefs)                        those that exist, with their text
 *   put(actor, ref, href, text, { ifMatch, ifNoneMatch })  validate (ical.js) and store, in one
 *       transaction: 400 INVALID_VCARD / INVALID_ICALENDAR / WRONG_OBJECT_KIND, 400
 *       UNSUPPORTED_COMPONENT, 409 UID_CONFLICT (the UID is at another href, or the href holds
 *       another UID), 412 PRECONDITION_FAILED, 413 OBJECT_TOO_LARGE → { created, object }
 *   putMany(actor, ref, items, { existing: 'skip' | 'replace' })  import: one result per item,
 *       never throws for an item (href defaults to `<uid>.vcf|.ics`; an item whose UID exists is
 *       skipped or replaced in place)
 *   delete(actor, ref, href, { ifMatch })              deleting another member's object needs
 *       data.delete-others
 *   changesSince(actor, ref, token | null)             RFC 6578: { token, changed, deleted }
 *   calendarQuery(actor, ref, { component, range })    objects with an instance in the range
 *   occurrences(actor, range, { refs })                instances in the range across calendars
 *   contactsQuery(actor, { refs, matches, test, limit }) / searchContacts(actor, text, limit)
 *   contactsByPhones(actor, e164[])                    contacts with one of these numbers
 */
import { Injectable } from '@nestjs/common';
import { CountryCode } from 'libphonenumber-js';
import { FoyerError, HouseholdId, HouseholdScope } from '@foyer/core';
import { HouseholdAccessService, HouseholdPermission } from '@foyer/households';
import { etagOf } from '../model/etag';
import { expandOccurrences, matchesTimeRange, parseICalendar } from '../model/icalendar';
import { assertValidName } from '../model/names';
import { DEFAULT_PHONE_REGION } from '../model/phone';
import {
  ICALENDAR_CONTENT_TYPE,
  MAX_OBJECT_BYTES,
  PimComponent,
  VCARD_CONTENT_TYPE,
} from '../model/pim-object-kind';
import type { PimCollection, PimObject, PimObjectHead } from '../model/pim-records';
import { assertConditions, WriteConditions } from '../model/preconditions';
import type { TimeRange } from '../model/time-range';
import { parseVcard } from '../model/vcard';
import { EventLoopYielder } from '../model/work-budget';
import { PimErrorCode } from '../pim-error-code';
import {
  ContactTextMatch,
  ObjectWrite,
  PimObjectRepository,
} from '../repositories/pim-object.repository';
import { PimCollectionRepository } from '../repositories/pim-collection.repository';
import type { PimActor, PimCollectionRef } from './pim-actor';
import { OpenCollection, PimCollectionsService } from './pim-collections.service';

/** One instance of an event or task in a range (REST: events with recurrences expanded). */
export interface PimOccurrence {
  collectionId: string;
  href: string;
  uid: string;
  summary: string | null;
  start: Date;
  end: Date;
  allDay: boolean;
  /** The RECURRENCE-ID of the instance (UTC); null for a non-recurring object. */
  recurrenceId: Date | null;
}

export interface PutResult {
  created: boolean;
  object: PimObject;
}

/** The outcome of one item of an import. */
export type PutManyResult =
  | { index: number; status: 'created' | 'updated'; href: string; uid: string }
  | { index: number; status: 'skipped'; href: string | null; code: string; message: string };

export interface ChangesSince {
  /** The token to send next time. */
  token: string;
  changed: PimObjectHead[];
  /** Hrefs removed since the token. */
  deleted: string[];
}

export interface CalendarQuery {
  component?: PimComponent | null;
  range?: { start: Date | null; end: Date | null };
}

/** The largest number of contacts a query returns. */
export const MAX_QUERY_RESULTS = 10_000;

@Injectable()
export class PimObjectsService {
  constructor(
    private readonly scope: HouseholdScope,
    private readonly access: HouseholdAccessService,
    private readonly collections: PimCollectionsService,
    private readonly objects: PimObjectRepository,
    private readonly collectionRows: PimCollectionRepository,
  ) {}

  async list(
    actor: PimActor,
    ref: PimCollectionRef,
    options: { limit?: number; offset?: number; withContent?: boolean } = {},
  ): Promise<PimObject[]> {
    const { householdId, collection } = await this.collections.open(actor, ref, 'read');
    return this.objects.list(householdId, collection.id, options);
  }

  async get(actor: PimActor, ref: PimCollectionRef, href: string): Promise<PimObject> {
    const { householdId, collection } = await this.collections.open(actor, ref, 'read');
    const found = await this.objects.findByHref(householdId, collection.id, href);
    if (!found) throw objectNotFound();
    return found;
  }

  async getByUid(actor: PimActor, ref: PimCollectionRef, uid: string): Promise<PimObject> {
    const { householdId, collection } = await this.collections.open(actor, ref, 'read');
    const found = await this.objects.findByUid(householdId, collection.id, uid);
    if (!found) throw objectNotFound();
    return found;
  }

  async multiget(
    actor: PimActor,
    ref: PimCollectionRef,
    hrefs: readonly string[],
  ): Promise<PimObject[]> {
    const { householdId, collection } = await this.collections.open(actor, ref, 'read');
    return this.objects.findByHrefs(householdId, collection.id, hrefs);
  }

  async put(
    actor: PimActor,
    ref: PimCollectionRef,
    href: string,
    text: string,
    conditions: WriteConditions = {},
    region: CountryCode = DEFAULT_PHONE_REGION,
  ): Promise<PutResult> {
    const opened = await this.collections.open(actor, ref, 'write');
    assertValidName(href, 'object');
    const write = this.prepare(opened.collection, href, text, actor.userId, region);
    return this.store(opened, write, conditions);
  }

  async putMany(
    actor: PimActor,
    ref: PimCollectionRef,
    items: readonly { href?: string; content: string }[],
    options: { existing: 'skip' | 'replace' } = { existing: 'skip' },
    region: CountryCode = DEFAULT_PHONE_REGION,
  ): Promise<PutManyResult[]> {
    const opened = await this.collections.open(actor, ref, 'write');
    const extension = opened.collection.kind === 'addressbook' ? 'vcf' : 'ics';
    const results: PutManyResult[] = [];
    for (const [index, item] of items.entries()) {
      let href = item.href ?? null;
      try {
        const probe = this.prepare(
          opened.collection,
          href ?? 'x',
          item.content,
          actor.userId,
          region,
        );
        const existing = await this.objects.findByUid(
          opened.householdId,
          opened.collection.id,
          probe.uid,
        );
        if (existing && options.existing === 'skip') {
          results.push({
            index,
            status: 'skipped',
            href: existing.href,
            code: PimErrorCode.UidConflict,
            message: `An object with UID ${probe.uid} is already in the collection`,
          });
          continue;
        }
        href = existing?.href ?? href ?? `${safeName(probe.uid)}.${extension}`;
        assertValidName(href, 'object');
        const { created } = await this.store(opened, { ...probe, href }, {});
        results.push({ index, status: created ? 'created' : 'updated', href, uid: probe.uid });
      } catch (error) {
        if (!(error instanceof FoyerError) || error.status >= 500) throw error;
        results.push({ index, status: 'skipped', href, code: error.code, message: error.message });
      }
    }
    return results;
  }

  async delete(
    actor: PimActor,
    ref: PimCollectionRef,
    href: string,
    conditions: WriteConditions = {},
  ): Promise<void> {
    const { householdId, access, collection } = await this.collections.open(actor, ref, 'write');
    await this.scope.run(householdId, async () => {
      const revision = await this.collectionsRevision(householdId, collection.id);
      const existing = await this.objects.findByHref(householdId, collection.id, href);
      if (!existing) throw objectNotFound();
      assertConditions(conditions, existing.etag);
      if (existing.createdBy !== null && existing.createdBy !== actor.userId) {
        this.access.assertMay(access, HouseholdPermission.DeleteOthersData);
      }
      await this.objects.delete(householdId, collection.id, href);
      await this.objects.recordChange(householdId, collection.id, href, revision, true);
    });
  }

  async changesSince(
    actor: PimActor,
    ref: PimCollectionRef,
    token: string | null,
  ): Promise<ChangesSince> {
    const { householdId, collection } = await this.collections.open(actor, ref, 'read');
    // The revision is read before the changes: a change committed in between is reported now
    // and again next time, never lost.
    const since = token === null ? null : this.collections.revisionOf(collection, token);
    const next = this.collections.syncToken(collection);
    if (since === null) {
      const changed = await this.objects.list(householdId, collection.id);
      return { token: next, changed, deleted: [] };
    }
    const { changed, deleted } = await this.objects.changesSince(householdId, collection.id, since);
    return { token: next, changed, deleted };
  }

  /**
   * Calendar objects with an instance in the range (RFC 4791 §9.9, recurrences expanded), or
   * all of the component when no range is given.
   */
  async calendarQuery(
    actor: PimActor,
    ref: PimCollectionRef,
    query: CalendarQuery,
  ): Promise<PimObject[]> {
    return (await this.calendarQueryPage(actor, ref, query)).matching;
  }

  /**
   * One page of calendarQuery, by prefilter candidates (so that a large calendar is read a page
   * at a time): `candidates` below the limit means it was the last page.
   */
  async calendarQueryPage(
    actor: PimActor,
    ref: PimCollectionRef,
    query: CalendarQuery,
    page: { limit?: number; offset?: number } = {},
  ): Promise<{ matching: PimObject[]; candidates: number }> {
    const { householdId, collection } = await this.collections.open(actor, ref, 'read');
    const range = query.range ?? { start: null, end: null };
    assertRange(range);
    const candidates = await this.objects.inRange(
      householdId,
      [collection.id],
      range,
      query.component ?? null,
      page,
    );
    if (!query.range || (range.start === null && range.end === null)) {
      return { matching: candidates, candidates: candidates.length };
    }
    const full: TimeRange = {
      start: range.start ?? new Date(-8.64e15),
      end: range.end ?? new Date(8.64e15),
    };
    const matching: PimObject[] = [];
    const yielder = new EventLoopYielder();
    for (const object of candidates) {
      // Each object is bounded (OBJECT_WORK); a calendar of many must still let others in.
      await yielder.maybeYield();
      if (matchesTimeRange(object.content, full)) matching.push(object);
    }
    return { matching, candidates: candidates.length };
  }

  /** Instances in a range across the given calendars (default: every calendar the member sees). */
  async occurrences(
    actor: PimActor,
    range: TimeRange,
    options: { refs?: PimCollectionRef[]; limit?: number } = {},
  ): Promise<PimOccurrence[]> {
    assertRange(range);
    const calendars = await this.calendarsFor(actor, options.refs);
    if (calendars.ids.length === 0) return [];
    const objects = await this.objects.inRange(calendars.householdId, calendars.ids, range, null);
    const limit = options.limit ?? MAX_QUERY_RESULTS;
    const found: PimOccurrence[] = [];
    const yielder = new EventLoopYielder();
    for (const object of objects) {
      await yielder.maybeYield();
      for (const occurrence of expandOccurrences(object.content, range)) {
        found.push({
          collectionId: object.collectionId,
          href: object.href,
          uid: object.uid,
          summary: occurrence.summary,
          start: occurrence.start,
          end: occurrence.end,
          allDay: occurrence.allDay,
          recurrenceId: occurrence.recurrenceId,
        });
      }
    }
    return found.sort((a, b) => a.start.getTime() - b.start.getTime()).slice(0, limit);
  }

  /** Contacts matching text conditions (CardDAV addressbook-query, REST search). */
  async contactsQuery(
    actor: PimActor,
    query: {
      refs?: PimCollectionRef[];
      matches: ContactTextMatch[];
      test?: 'allOf' | 'anyOf';
      limit?: number;
      offset?: number;
    },
  ): Promise<PimObject[]> {
    const books = await this.addressBooksFor(actor, query.refs);
    if (books.ids.length === 0) return [];
    return this.objects.contactsMatching(
      books.householdId,
      books.ids,
      query.matches,
      query.test ?? 'anyOf',
      Math.min(query.limit ?? MAX_QUERY_RESULTS, MAX_QUERY_RESULTS),
      query.offset ?? 0,
    );
  }

  /** Contacts whose name, email or phone contains the text, across visible address books. */
  searchContacts(actor: PimActor, text: string, limit = 100): Promise<PimObject[]> {
    return this.contactsQuery(actor, {
      matches: [{ fields: ['name', 'email', 'phone'], text, matchType: 'contains', negate: false }],
      limit,
    });
  }

  /** Contacts with any of these E.164 numbers, across the address books the member sees. */
  async contactsByPhones(actor: PimActor, phonesE164: readonly string[]): Promise<PimObject[]> {
    const books = await this.addressBooksFor(actor);
    if (books.ids.length === 0) return [];
    return this.objects.contactsByPhones(books.householdId, books.ids, phonesE164);
  }

  /** Validates the text against the collection and extracts its fields (nothing stored). */
  private prepare(
    collection: PimCollection,
    href: string,
    text: string,
    userId: string,
    region: CountryCode,
  ): ObjectWrite {
    if (Buffer.byteLength(text, 'utf8') > MAX_OBJECT_BYTES) {
      throw new FoyerError(
        413,
        PimErrorCode.ObjectTooLarge,
        `An object is at most ${MAX_OBJECT_BYTES} bytes`,
      );
    }
    const begins = /^\s*BEGIN:(VCARD|VCALENDAR)/i.exec(text)?.[1]?.toUpperCase();
    if (collection.kind === 'addressbook') {
      if (begins === 'VCALENDAR') {
        throw new FoyerError(
          400,
          PimErrorCode.WrongObjectKind,
          'An address book takes vCards, not iCalendar',
        );
      }
      const contact = parseVcard(text, region);
      return {
        uid: contact.uid,
        href,
        etag: etagOf(text),
        component: 'VCARD',
        contentType: VCARD_CONTENT_TYPE,
        content: text,
        createdBy: userId,
        event: null,
        contact,
      };
    }
    if (begins === 'VCARD') {
      throw new FoyerError(
        400,
        PimErrorCode.WrongObjectKind,
        'A calendar takes iCalendar, not vCards',
      );
    }
    const parsed = parseICalendar(text);
    if (!collection.components.includes(parsed.component)) {
      throw new FoyerError(
        400,
        PimErrorCode.UnsupportedComponent,
        `This calendar takes ${collection.components.join(', ')}, not ${parsed.component}`,
      );
    }
    return {
      uid: parsed.uid,
      href,
      etag: etagOf(text),
      component: parsed.component,
      contentType: ICALENDAR_CONTENT_TYPE,
      content: text,
      createdBy: userId,
      event: parsed,
      contact: null,
    };
  }

  /** Stores a validated object, in one transaction with its change record. */
  private store(
    { householdId, collection }: OpenCollection,
    write: ObjectWrite,
    conditions: WriteConditions,
  ): Promise<PutResult> {
    return this.scope.run(householdId, async () => {
      const revision = await this.collectionsRevision(householdId, collection.id);
      const existing = await this.objects.findByHref(householdId, collection.id, write.href);
      assertConditions(conditions, existing?.etag ?? null);
      if (existing && existing.uid !== write.uid) {
        throw uidConflict(`This address holds UID ${existing.uid}; a UID cannot change`);
      }
      if (!existing) {
        const sameUid = await this.objects.findByUid(householdId, collection.id, write.uid);
        if (sameUid) throw uidConflict(`UID ${write.uid} is already used by ${sameUid.href}`);
      }
      const object = await this.objects.upsert(householdId, collection.id, {
        ...write,
        createdBy: existing ? existing.createdBy : write.createdBy,
      });
      await this.objects.recordChange(householdId, collection.id, write.href, revision, false);
      return { created: !existing, object };
    });
  }

  /** Takes the collection's next revision, which also serialises its writers. */
  private collectionsRevision(householdId: HouseholdId, collectionId: string): Promise<number> {
    return this.collectionRows.nextRevision(householdId, collectionId);
  }

  private async calendarsFor(actor: PimActor, refs?: PimCollectionRef[]) {
    return this.collectionsOf(actor, 'calendar', refs);
  }

  private async addressBooksFor(actor: PimActor, refs?: PimCollectionRef[]) {
    return this.collectionsOf(actor, 'addressbook', refs);
  }

  private async collectionsOf(
    actor: PimActor,
    kind: 'addressbook' | 'calendar',
    refs?: PimCollectionRef[],
  ): Promise<{ householdId: HouseholdId; ids: string[] }> {
    const access = await this.access.require(actor.userId, actor.hid, HouseholdPermission.View);
    const householdId = this.access.householdId(access);
    if (refs) {
      const opened = await Promise.all(
        refs.map((ref) => this.collections.open(actor, ref, 'read')),
      );
      return {
        householdId,
        ids: opened.filter((o) => o.collection.kind === kind).map((o) => o.collection.id),
      };
    }
    const all = await this.collections.list(actor, kind);
    return { householdId, ids: all.map((collection) => collection.id) };
  }
}

function objectNotFound(): FoyerError {
  return new FoyerError(404, PimErrorCode.ObjectNotFound, 'No such object in this collection');
}

function uidConflict(message: string): FoyerError {
  return new FoyerError(409, PimErrorCode.UidConflict, message);
}

function assertRange(range: { start: Date | null; end: Date | null }): void {
  if (range.start && range.end && range.end.getTime() <= range.start.getTime()) {
    throw new FoyerError(400, PimErrorCode.InvalidTimeRange, 'A time range ends after it starts');
  }
}

/** A UID as a file name: characters URLs and file systems take, else a hash-like fallback. */
function safeName(uid: string): string {
  const cleaned = uid.replace(/[^A-Za-z0-9@._-]/g, '_').slice(0, 200);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? etagOf(uid).slice(1, -1) : cleaned;
}
