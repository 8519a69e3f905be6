import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { FoyerError, toHouseholdId } from '@foyer/core';
import type {
  ArchiveEntryOut,
  ArchiveFieldCheck,
  ArchiveReader,
  ExportScope,
  RestoreTarget,
  SectionRestoreReport,
  SectionSnapshot,
} from '@foyer/portability';
import { COLOR_PATTERN } from '../dto/create-collection.dto';
import { etagOf } from '../model/etag';
import { assertValidName } from '../model/names';
import { parseICalendar } from '../model/icalendar';
import {
  CALENDAR_COMPONENTS,
  ICALENDAR_CONTENT_TYPE,
  PimCollectionKind,
  PimComponent,
  VCARD_CONTENT_TYPE,
} from '../model/pim-object-kind';
import { parseVcard } from '../model/vcard';
import { PimObjectRepository } from '../repositories/pim-object.repository';
import { fileNameOf } from '../transfer/pim-export.service';
import { frameCalendarObjects } from '../transfer/icalendar-splitter';
import { frameVcards } from '../transfer/vcard-splitter';
import { ArchivedCollection, PimArchiveRepository } from './pim-archive.repository';

const PAGE = 500;

/** `manifest.sections.contacts` / `.calendars`: one line per collection. */
export interface CollectionMetadata {
  id: string;
  /** The URL segment (`family`): kept, so DAV clients find the same address. */
  name: string;
  displayName: string;
  description: string;
  color: string | null;
  /** The member it belongs to (as in members.json), or null for the household's. */
  ownerUserId: string | null;
  shared: boolean;
  sharedWithHousehold: boolean;
  components: PimComponent[];
  /** Its file in the archive. */
  path: string;
  objects: number;
}

interface Layout {
  folder: 'contacts' | 'calendars';
  extension: 'vcf' | 'ics';
}

const LAYOUT: Record<PimCollectionKind, Layout> = {
  addressbook: { folder: 'contacts', extension: 'vcf' },
  calendar: { folder: 'calendars', extension: 'ics' },
};

/** Archive paths from display names: safe, and unique case-insensitively (`Family (2).vcf`). */
function pathsOf(collections: readonly ArchivedCollection[], layout: Layout): string[] {
  const taken = new Set<string>();
  return collections.map((collection) => {
    const file = fileNameOf(collection.displayName, layout.extension);
    const stem = file.slice(0, -(layout.extension.length + 1));
    for (let n = 1; ; n++) {
      const candidate = `${layout.folder}/${n === 1 ? stem : `${stem} (${n})`}.${layout.extension}`;
      if (!taken.has(candidate.toLowerCase())) {
        taken.add(candidate.toLowerCase());
        return candidate;
      }
    }
  });
}

/**
 * What a household's export says of the personal collections it leaves out: personal means
 * personal (docs/roles.md), so only their member's own export carries them.
 */
function leftOutNote(kind: PimCollectionKind, count: number): string {
  const what =
    kind === 'addressbook'
      ? count === 1
        ? 'address book'
        : 'address books'
      : count === 1
        ? 'calendar'
        : 'calendars';
  return (
    `${count} personal ${what} that ${count === 1 ? 'its member keeps' : 'their members keep'} ` +
    'private (not shared with the household) left out: each member takes theirs with their own export'
  );
}

/** A UID as an href, as PimObjectsService names imported objects. */
function hrefOf(uid: string, extension: string): string {
  const cleaned = uid.replace(/[^A-Za-z0-9@._-]/g, '_').slice(0, 200);
  const base =
    cleaned === '' || cleaned === '.' || cleaned === '..' ? etagOf(uid).slice(1, -1) : cleaned;
  return `${base}.${extension}`;
}

async function readText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The archive side of contacts and calendars, for both portable sections: each collection is one
 * file, its objects' texts one after the other exactly as stored, in UID order (a .vcf of cards;
 * an .ics that is an RFC 5545 stream of VCALENDARs, one per object), so a restore gives back the
 * same UIDs and the same bytes, and the restored collection exports to the same file. The collections themselves (name, owner, sharing, color, …) are in the
 * section's metadata. Member scope: the household's collections and the member's own.
 */
@Injectable()
export class PimSectionArchive {
  constructor(
    private readonly archive: PimArchiveRepository,
    private readonly objects: PimObjectRepository,
  ) {}

  async snapshot(
    kind: PimCollectionKind,
    householdId: string,
    scope: ExportScope,
  ): Promise<SectionSnapshot> {
    const id = toHouseholdId(householdId);
    const layout = LAYOUT[kind];
    const collections = await this.archive.collections(
      id,
      kind,
      scope.kind === 'member' ? scope.userId : null,
    );
    const privateLeftOut =
      scope.kind === 'household' ? await this.archive.privateCount(id, kind) : 0;
    const paths = pathsOf(collections, layout);
    const archive = this.archive;
    const metadata: CollectionMetadata[] = collections.map((collection, index) => ({
      id: collection.id,
      name: collection.name,
      displayName: collection.displayName,
      description: collection.description,
      color: collection.color,
      ownerUserId: collection.ownerUserId,
      shared: collection.ownerUserId === null,
      sharedWithHousehold: collection.sharedWithHousehold,
      components: collection.components,
      path: paths[index],
      objects: collection.objects,
    }));
    const changes = new Map<string, 'modified' | 'deleted'>();
    /** The collection's texts, or null when it is gone; a change while reading is reported. */
    const open = async (collection: ArchivedCollection, path: string) => {
      if ((await archive.revision(id, collection.id)) === null) {
        changes.set(path, 'deleted');
        return null;
      }
      return Readable.from(
        texts(archive, id, collection.id, async () => {
          const now = await archive.revision(id, collection.id);
          if (now !== collection.revision) changes.set(path, now === null ? 'deleted' : 'modified');
        }),
      );
    };
    return {
      entryCount: collections.length,
      byteCount: collections.reduce((sum, collection) => sum + collection.bytes, 0),
      async *entries(): AsyncIterable<ArchiveEntryOut> {
        for (const [index, collection] of collections.entries()) {
          yield {
            path: paths[index],
            modifiedAt: collection.updatedAt,
            open: () => open(collection, paths[index]),
          };
        }
      },
      metadata: async () => ({ collections: metadata, privateLeftOut }),
      omissions: privateLeftOut > 0 ? [leftOutNote(kind, privateLeftOut)] : [],
      changedDuringExport: async () =>
        [...changes.entries()].map(([path, change]) => ({ path, change })),
    };
  }

  async restore(
    kind: PimCollectionKind,
    target: RestoreTarget,
    reader: ArchiveReader,
  ): Promise<SectionRestoreReport> {
    const householdId = toHouseholdId(target.householdId);
    const layout = LAYOUT[kind];
    const listed = (target.metadata as { collections?: CollectionMetadata[] }).collections ?? [];
    const privateLeftOut = (target.metadata as { privateLeftOut?: unknown }).privateLeftOut;
    const notes =
      typeof privateLeftOut === 'number' &&
      Number.isSafeInteger(privateLeftOut) &&
      privateLeftOut > 0
        ? [leftOutNote(kind, privateLeftOut)]
        : [];
    const present = new Set(reader.list(`${layout.folder}/`).map((entry) => entry.path));
    const skipped: { path: string; reason: string }[] = [];
    let restored = 0;
    for (const collection of listed) {
      if (!present.has(collection.path)) {
        skipped.push({ path: collection.path, reason: 'the file is not in the archive' });
        continue;
      }
      const owner =
        collection.ownerUserId === null
          ? null
          : (target.userIdByArchiveUserId.get(collection.ownerUserId) ?? target.importedBy);
      const components =
        kind === 'calendar'
          ? collection.components.filter((c) => CALENDAR_COMPONENTS.includes(c))
          : [];
      const collectionId = await this.archive.restoreCollection(householdId, kind, {
        id: collection.id,
        name: collection.name,
        ownerUserId: owner,
        sharedWithHousehold: owner !== null && collection.sharedWithHousehold,
        displayName: collection.displayName,
        description: collection.description ?? '',
        color: collection.color ?? null,
        components:
          kind === 'calendar' && components.length === 0 ? ['VEVENT', 'VTODO'] : components,
      });
      const text = await readText(await reader.open(collection.path));
      const entries =
        kind === 'addressbook' ? frameVcards(text) : (await frameCalendarObjects(text)).objects;
      for (const entry of entries) {
        const where = `${collection.path}#${entry.index}`;
        if ('error' in entry) {
          skipped.push({ path: where, reason: entry.error });
          continue;
        }
        try {
          await this.restoreObject(
            householdId,
            kind,
            collectionId,
            entry.content,
            owner ?? target.importedBy,
          );
          restored++;
        } catch (error) {
          if (!(error instanceof FoyerError)) throw error;
          skipped.push({ path: where, reason: error.message });
        }
      }
    }
    return { restored, skipped, notes };
  }

  /**
   * The section's metadata, before anything is written, as the API checks a new collection
   * (CreateCollectionDto, `assertValidName`). Objects that do not parse or cannot be bounded (a
   * NUL, a shape past the limits) are skipped and reported by the restore, as the REST import
   * does.
   */
  async check(
    kind: PimCollectionKind,
    metadata: Record<string, unknown>,
    check: ArchiveFieldCheck,
  ): Promise<void> {
    const layout = LAYOUT[kind];
    const where = `manifest.json sections.${layout.folder}`;
    check.count(`${where}.privateLeftOut`, metadata.privateLeftOut ?? 0);
    const listed = metadata.collections ?? [];
    if (!Array.isArray(listed)) {
      check.problem(`${where}.collections`, 'must be a list');
      return;
    }
    for (const [index, item] of (listed as unknown[]).entries()) {
      const at = `${where}.collections[${index}]`;
      if (!item || typeof item !== 'object' || Array.isArray(item)) {
        check.problem(at, 'must be an object');
        continue;
      }
      const collection = item as Record<string, unknown>;
      check.uuid(`${at}.id`, collection.id);
      if (check.text(`${at}.name`, collection.name, { max: 255 })) {
        try {
          assertValidName(collection.name as string, 'collection');
        } catch (error) {
          if (!(error instanceof FoyerError)) throw error;
          check.problem(`${at}.name`, error.message);
        }
      }
      check.text(`${at}.displayName`, collection.displayName, { max: 1024 });
      check.text(`${at}.description`, collection.description, {
        max: 8192,
        optional: true,
        empty: true,
        multiline: true,
      });
      if (
        collection.color !== undefined &&
        collection.color !== null &&
        !(typeof collection.color === 'string' && COLOR_PATTERN.test(collection.color))
      ) {
        check.problem(`${at}.color`, 'must be #RRGGBB or #RRGGBBAA');
      }
      check.text(`${at}.ownerUserId`, collection.ownerUserId, { max: 100, optional: true });
      check.boolean(`${at}.sharedWithHousehold`, collection.sharedWithHousehold, true);
      const components = collection.components ?? [];
      if (!Array.isArray(components)) check.problem(`${at}.components`, 'must be a list');
      else {
        for (const [n, component] of components.entries()) {
          check.oneOf(`${at}.components[${n}]`, component, [
            'VEVENT',
            'VTODO',
            'VJOURNAL',
            'VCARD',
          ] as const);
        }
      }
      check.count(`${at}.objects`, collection.objects ?? 0);
      // The objects' text is checked one object at a time as it is restored (a NUL, a shape
      // past the limits, an expansion without bound): a bad one is skipped with a reason in the
      // report, as the API refuses it alone, and the rest of the family's data still moves in.
      check.text(`${at}.path`, collection.path, { max: 4096 });
    }
  }

  /** Stores one object's text as it was, at the href of its UID (the same one on a rerun). */
  private async restoreObject(
    householdId: ReturnType<typeof toHouseholdId>,
    kind: PimCollectionKind,
    collectionId: string,
    content: string,
    createdBy: string,
  ): Promise<void> {
    const base = { etag: etagOf(content), content, createdBy };
    if (kind === 'addressbook') {
      const contact = parseVcard(content);
      const href =
        (await this.archive.hrefOfUid(householdId, collectionId, contact.uid)) ??
        hrefOf(contact.uid, 'vcf');
      await this.objects.upsert(householdId, collectionId, {
        ...base,
        uid: contact.uid,
        href,
        component: 'VCARD',
        contentType: VCARD_CONTENT_TYPE,
        event: null,
        contact,
      });
      return;
    }
    const event = parseICalendar(content);
    const href =
      (await this.archive.hrefOfUid(householdId, collectionId, event.uid)) ??
      hrefOf(event.uid, 'ics');
    await this.objects.upsert(householdId, collectionId, {
      ...base,
      uid: event.uid,
      href,
      component: event.component,
      contentType: ICALENDAR_CONTENT_TYPE,
      event,
      contact: null,
    });
  }
}

/** A collection's texts, a page at a time (constant memory whatever its size). */
async function* texts(
  archive: PimArchiveRepository,
  householdId: ReturnType<typeof toHouseholdId>,
  collectionId: string,
  done: () => Promise<void>,
): AsyncGenerator<Buffer> {
  let after: string | null = null;
  for (;;) {
    const page = await archive.contents(householdId, collectionId, after, PAGE);
    for (const { content } of page) {
      yield Buffer.from(content.endsWith('\n') ? content : `${content}\r\n`, 'utf8');
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1].uid;
  }
  // Read across several transactions: a change of the collection meanwhile is reported.
  await done();
}
