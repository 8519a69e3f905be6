import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { FoyerError } from '@foyer/core';
import { toE164 } from '../model/phone';
import type { PimObject } from '../model/pim-records';
import type { WriteConditions } from '../model/preconditions';
import { PimErrorCode } from '../pim-error-code';
import type { PimActor } from '../services/pim-actor';
import { PimCollectionsService } from '../services/pim-collections.service';
import { PimObjectsService } from '../services/pim-objects.service';
import { buildVcard, changeVcard, ContactChanges, ContactFields } from './contact-card';
import { ContactRow, PimObjectLookupRepository } from './pim-object-lookup.repository';
import { decodeCursor, encodeCursor } from './rest-cursor';
import { definedFields } from './defined-fields';

export interface ContactPage {
  items: ContactRow[];
  nextCursor: string | null;
}

function notFound(): FoyerError {
  return new FoyerError(404, PimErrorCode.ObjectNotFound, 'No such contact in this address book');
}

/**
 * Contacts for the web app, by id, as JSON fields: built into and read from vCards (ical.js),
 * stored through PimObjectsService, so REST and CardDAV share every rule (validation, UIDs,
 * etags, permissions). A change without If-Match is still checked against the etag read just
 * before it, so two concurrent edits cannot silently overwrite each other.
 */
@Injectable()
export class ContactsService {
  constructor(
    private readonly collections: PimCollectionsService,
    private readonly objects: PimObjectsService,
    private readonly lookup: PimObjectLookupRepository,
  ) {}

  async list(
    actor: PimActor,
    bookId: string,
    query: { q?: string; limit: number; cursor?: string },
  ): Promise<ContactPage> {
    const { householdId, collection } = await this.addressBook(actor, bookId, 'read');
    const search = query.q?.trim() ? query.q.trim() : null;
    const scope = `contacts:${collection.id}:${search ?? ''}`;
    const after = query.cursor ? decodeCursor(scope, query.cursor, 2) : null;
    const rows = await this.lookup.listContacts(householdId, collection.id, {
      search,
      phoneE164: search && /\d/.test(search) ? toE164(search) : null,
      after: after ? { sortName: String(after[0]), id: String(after[1]) } : null,
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > query.limit && last ? encodeCursor(scope, [last.sortName, last.id]) : null,
    };
  }

  async get(actor: PimActor, bookId: string, contactId: string): Promise<PimObject> {
    const { householdId, collection } = await this.addressBook(actor, bookId, 'read');
    const handle = await this.lookup.findHandle(householdId, collection.id, contactId);
    if (!handle) throw notFound();
    return this.objects.get(actor, { id: collection.id }, handle.href);
  }

  async create(actor: PimActor, bookId: string, fields: ContactFields): Promise<PimObject> {
    const { collection } = await this.addressBook(actor, bookId, 'write');
    const id = randomUUID();
    const text = buildVcard(fields, `urn:uuid:${id}`);
    const { object } = await this.objects.put(actor, { id: collection.id }, `${id}.vcf`, text, {
      ifNoneMatch: '*',
    });
    return object;
  }

  /** PATCH (`replace: false`: absent fields stay) or PUT (`replace: true`: they are cleared). */
  async change(
    actor: PimActor,
    bookId: string,
    contactId: string,
    changes: ContactChanges,
    options: { replace: boolean; ifMatch?: string },
  ): Promise<PimObject> {
    const current = await this.get(actor, bookId, contactId);
    const complete: ContactChanges = options.replace
      ? {
          givenName: null,
          familyName: null,
          organisation: null,
          emails: [],
          phones: [],
          note: null,
          ...definedFields(changes),
        }
      : definedFields(changes);
    const text = changeVcard(current.content, complete);
    const conditions: WriteConditions = { ifMatch: options.ifMatch ?? current.etag };
    const { object } = await this.objects.put(
      actor,
      { id: current.collectionId },
      current.href,
      text,
      conditions,
    );
    return object;
  }

  async delete(
    actor: PimActor,
    bookId: string,
    contactId: string,
    ifMatch?: string,
  ): Promise<void> {
    const { householdId, collection } = await this.addressBook(actor, bookId, 'write');
    const handle = await this.lookup.findHandle(householdId, collection.id, contactId);
    if (!handle) throw notFound();
    await this.objects.delete(actor, { id: collection.id }, handle.href, { ifMatch });
  }

  /** The address book, 404 when it is a calendar (ids of both kinds share one space). */
  private async addressBook(actor: PimActor, id: string, intent: 'read' | 'write') {
    const opened = await this.collections.open(actor, { id }, intent);
    if (opened.collection.kind !== 'addressbook') {
      throw new FoyerError(404, PimErrorCode.CollectionNotFound, 'No such address book');
    }
    return opened;
  }
}
