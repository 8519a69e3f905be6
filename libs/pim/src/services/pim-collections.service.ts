/**
 * PimCollectionsService — address books and calendars, for the DAV layer and the REST API.
 * Every method takes a PimActor ({ userId, hid: household id or slug }); a household the user is
 * not a member of, or a collection they cannot see, is 404 (COLLECTION_NOT_FOUND / household
 * NOT_FOUND).
 *
 *   list(actor, kind?)             collections the member sees: the household's (shared), their
 *                                  own, and others' personal ones shared with the household
 *   get(actor, ref)                one of those, by { id } or { kind, name } (its URL segment)
 *   open(actor, ref, 'read'|'write')  the collection with the household id, after the checks
 *                                  for reading, or for changing its objects (writable household,
 *                                  data.write, not someone else's personal collection)
 *   create(actor, input)           a personal collection (or, `shared: true`, the household's);
 *                                  COLLECTION_EXISTS when the name is taken in the household
 *   update(actor, ref, changes)    display name, description, color, sharing (owner only)
 *   delete(actor, ref)             with its objects; shared ones need data.delete-others
 *   syncToken(collection)          the RFC 6578 token of its current revision
 *   households(userId)             the households a user belongs to (for DAV principals)
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { FoyerError, HouseholdId } from '@foyer/core';
import {
  HouseholdAccess,
  HouseholdAccessService,
  HouseholdMembershipDirectory,
  HouseholdPermission,
} from '@foyer/households';
import { assertValidName } from '../model/names';
import { CALENDAR_COMPONENTS, PimCollectionKind, PimComponent } from '../model/pim-object-kind';
import type { PimCollection } from '../model/pim-records';
import { PimErrorCode } from '../pim-error-code';
import {
  CollectionChanges,
  PimCollectionRepository,
} from '../repositories/pim-collection.repository';
import type { PimActor, PimCollectionRef } from './pim-actor';

export interface CreateCollectionInput {
  kind: PimCollectionKind;
  /** The URL segment; a random UUID when omitted. */
  name?: string;
  displayName: string;
  description?: string;
  color?: string | null;
  /** Calendars: VEVENT, VTODO, VJOURNAL (default VEVENT and VTODO). */
  components?: PimComponent[];
  /** The household's collection rather than the member's own (default false: personal). */
  shared?: boolean;
  /** A personal collection the household may read. */
  sharedWithHousehold?: boolean;
}

/** A collection opened for work, with what the checks established. */
export interface OpenCollection {
  householdId: HouseholdId;
  access: HouseholdAccess;
  collection: PimCollection;
}

const DEFAULT_CALENDAR_COMPONENTS: PimComponent[] = ['VEVENT', 'VTODO'];
const COLOR = /^#[0-9a-f]{6}([0-9a-f]{2})?$/i;
const SYNC_TOKEN = /^urn:foyer:sync:([0-9a-f-]{36}):(\d{1,15})$/i;

function invalidProperty(message: string): FoyerError {
  return new FoyerError(400, PimErrorCode.InvalidProperty, message);
}

function notFound(): FoyerError {
  return new FoyerError(404, PimErrorCode.CollectionNotFound, 'No such address book or calendar');
}

/** Checks display name, description and color as set by REST, MKCALENDAR or PROPPATCH. */
export function validateCollectionProps(changes: CollectionChanges): void {
  if (changes.displayName !== undefined) {
    const length = Buffer.byteLength(changes.displayName.trim(), 'utf8');
    if (length === 0 || length > 1024) throw invalidProperty('A display name is 1 to 1024 bytes');
  }
  if (changes.description !== undefined && Buffer.byteLength(changes.description) > 8192) {
    throw invalidProperty('A description is at most 8192 bytes');
  }
  if (changes.color !== undefined && changes.color !== null && !COLOR.test(changes.color)) {
    throw invalidProperty('A color is #RRGGBB or #RRGGBBAA');
  }
}

@Injectable()
export class PimCollectionsService {
  constructor(
    private readonly access: HouseholdAccessService,
    private readonly memberships: HouseholdMembershipDirectory,
    private readonly collections: PimCollectionRepository,
  ) {}

  async list(actor: PimActor, kind?: PimCollectionKind): Promise<PimCollection[]> {
    const access = await this.access.require(actor.userId, actor.hid, HouseholdPermission.View);
    return this.collections.listVisible(this.access.householdId(access), actor.userId, kind);
  }

  async get(actor: PimActor, ref: PimCollectionRef): Promise<PimCollection> {
    return (await this.open(actor, ref, 'read')).collection;
  }

  /** Resolves the household and the collection, and checks the caller may read or write it. */
  async open(
    actor: PimActor,
    ref: PimCollectionRef,
    intent: 'read' | 'write',
  ): Promise<OpenCollection> {
    const access = await this.access.require(actor.userId, actor.hid, HouseholdPermission.View);
    const householdId = this.access.householdId(access);
    const collection = await this.collections.findVisible(householdId, actor.userId, ref);
    if (!collection) throw notFound();
    if (intent === 'write') {
      this.access.assertWritable(access);
      this.access.assertMay(access, HouseholdPermission.WriteData);
      if (collection.ownerUserId !== null && collection.ownerUserId !== actor.userId) {
        throw new FoyerError(
          403,
          PimErrorCode.ReadOnlyCollection,
          'This collection is shared with you to read; its owner changes it',
        );
      }
    }
    return { householdId, access, collection };
  }

  async create(actor: PimActor, input: CreateCollectionInput): Promise<PimCollection> {
    const access = await this.access.require(actor.userId, actor.hid, HouseholdPermission.View);
    this.access.assertWritable(access);
    this.access.assertMay(access, HouseholdPermission.WriteData);
    const name = input.name ?? randomUUID();
    assertValidName(name, 'collection');
    validateCollectionProps(input);
    let components: PimComponent[] = [];
    if (input.kind === 'calendar') {
      components = [...new Set(input.components ?? DEFAULT_CALENDAR_COMPONENTS)];
      if (components.length === 0 || components.some((c) => !CALENDAR_COMPONENTS.includes(c))) {
        throw invalidProperty('A calendar takes VEVENT, VTODO and/or VJOURNAL');
      }
    }
    const shared = input.shared ?? false;
    const created = await this.collections.insert(this.access.householdId(access), {
      kind: input.kind,
      name,
      ownerUserId: shared ? null : actor.userId,
      sharedWithHousehold: !shared && (input.sharedWithHousehold ?? false),
      displayName: input.displayName.trim(),
      description: input.description ?? '',
      color: input.color ?? null,
      components,
    });
    if (!created) {
      throw new FoyerError(
        409,
        PimErrorCode.CollectionExists,
        `A collection named "${name}" already exists`,
      );
    }
    return created;
  }

  async update(
    actor: PimActor,
    ref: PimCollectionRef,
    changes: CollectionChanges,
  ): Promise<PimCollection> {
    const { householdId, collection } = await this.open(actor, ref, 'write');
    validateCollectionProps(changes);
    if (changes.sharedWithHousehold !== undefined && collection.ownerUserId === null) {
      throw invalidProperty("The household's collections are shared already");
    }
    return this.collections.update(householdId, collection.id, {
      ...changes,
      displayName: changes.displayName?.trim(),
    });
  }

  async delete(actor: PimActor, ref: PimCollectionRef): Promise<void> {
    const { householdId, access, collection } = await this.open(actor, ref, 'write');
    if (collection.ownerUserId === null) {
      this.access.assertMay(access, HouseholdPermission.DeleteOthersData);
    }
    await this.collections.delete(householdId, collection.id);
  }

  syncToken(collection: PimCollection): string {
    return `urn:foyer:sync:${collection.id}:${collection.revision}`;
  }

  /**
   * The revision a token names, when this collection issued it (403 INVALID_SYNC_TOKEN for a
   * token of another collection, a malformed one, or one from the future).
   */
  revisionOf(collection: PimCollection, token: string): number {
    const match = SYNC_TOKEN.exec(token.trim());
    const revision = match ? Number(match[2]) : NaN;
    if (
      !match ||
      match[1].toLowerCase() !== collection.id ||
      !Number.isSafeInteger(revision) ||
      revision > collection.revision
    ) {
      throw new FoyerError(
        403,
        PimErrorCode.InvalidSyncToken,
        'The sync token was not issued by this collection; sync again without a token',
      );
    }
    return revision;
  }

  /** The households a user belongs to, by name (the order of DAV home sets). */
  async households(userId: string): Promise<{ householdId: string; slug: string; name: string }[]> {
    const memberships = await this.memberships.forUser(userId);
    return memberships.map(({ householdId, slug, name }) => ({ householdId, slug, name }));
  }
}
