import { Injectable } from '@nestjs/common';
import { FoyerError } from '@foyer/core';
import { ICAL } from '../model/ical';
import type { PimCollection } from '../model/pim-records';
import type { PimCollectionKind } from '../model/pim-object-kind';
import { PimErrorCode } from '../pim-error-code';
import { FOYER_PRODID } from '../rest/event-calendar';
import type { PimActor } from '../services/pim-actor';
import { PimCollectionsService } from '../services/pim-collections.service';
import { PimObjectsService } from '../services/pim-objects.service';
import { mergeCalendarObjects } from './icalendar-splitter';

export interface ExportedCollection {
  collection: PimCollection;
  /** A file name from the display name: `Family.vcf`. */
  fileName: string;
  content: string;
}

/** A display name as a file name: no path separators, control or reserved characters. */
export function fileNameOf(displayName: string, extension: 'vcf' | 'ics'): string {
  const base = displayName
    .normalize('NFC')
    // Control characters would break headers and archive tools; the others, some file systems.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 120)
    .trim();
  return `${base || 'collection'}.${extension}`;
}

/** Every card of an address book, one after the other: a .vcf that phones and mail apps read. */
export function joinVcards(contents: Iterable<string>): string {
  let out = '';
  for (const content of contents) out += content.endsWith('\n') ? content : `${content}\r\n`;
  return out;
}

/**
 * A collection as one file: an address book as a .vcf (each card as stored), a calendar as one
 * VCALENDAR (each component as stored, each VTIMEZONE once), which imports back into the same
 * objects. Reading is allowed to anyone who sees the collection, whatever the household's state.
 */
@Injectable()
export class PimExportService {
  constructor(
    private readonly collections: PimCollectionsService,
    private readonly objects: PimObjectsService,
  ) {}

  async export(
    actor: PimActor,
    collectionId: string,
    kind: PimCollectionKind,
  ): Promise<ExportedCollection> {
    const collection = await this.collections.get(actor, { id: collectionId });
    if (collection.kind !== kind) {
      throw new FoyerError(
        404,
        PimErrorCode.CollectionNotFound,
        kind === 'addressbook' ? 'No such address book' : 'No such calendar',
      );
    }
    const objects = await this.objects.list(actor, { id: collection.id }, { withContent: true });
    const contents = objects.map((object) => object.content);
    if (kind === 'addressbook') {
      return {
        collection,
        fileName: fileNameOf(collection.displayName, 'vcf'),
        content: joinVcards(contents),
      };
    }
    return {
      collection,
      fileName: fileNameOf(collection.displayName, 'ics'),
      content: mergeCalendarObjects(
        [
          'VERSION:2.0',
          `PRODID:${FOYER_PRODID}`,
          ...ICAL.helpers
            .foldline(`X-WR-CALNAME:${escapeText(collection.displayName)}`)
            .split(/\r?\n/),
        ],
        contents,
      ),
    };
  }
}

/** An iCalendar TEXT value (RFC 5545 3.3.11), on one line. */
function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n');
}
