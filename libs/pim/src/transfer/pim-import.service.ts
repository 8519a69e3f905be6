import { Injectable } from '@nestjs/common';
import { FoyerError, HouseholdScope } from '@foyer/core';
import { etagOf } from '../model/etag';
import { MAX_OBJECT_BYTES, PimCollectionKind } from '../model/pim-object-kind';
import { parseVcard } from '../model/vcard';
import { EventLoopYielder } from '../model/work-budget';
import { PimErrorCode } from '../pim-error-code';
import { PimObjectLookupRepository } from '../rest/pim-object-lookup.repository';
import type { PimActor } from '../services/pim-actor';
import { PimCollectionsService } from '../services/pim-collections.service';
import { PimObjectsService, PutManyResult } from '../services/pim-objects.service';
import { frameCalendarObjects } from './icalendar-splitter';
import { frameVcards } from './vcard-splitter';

export interface SkippedEntry {
  index: number;
  uid?: string;
  reason: string;
}

export interface ImportReport {
  imported: number;
  updated: number;
  unchanged: number;
  skipped: SkippedEntry[];
}

/** Entries stored per transaction: few round trips, and one bad entry costs one retry of these. */
const CHUNK = 250;
/** A UID longer than the table takes is refused here, before it could abort a transaction. */
const MAX_UID_BYTES = 1024;

interface Candidate {
  index: number;
  uid: string;
  content: string;
}

/**
 * Imports a .vcf into an address book or an .ics into a calendar, entry by entry: every valid
 * entry is stored, every other one is skipped with its index and reason (not all-or-nothing).
 * Entries are framed from the file as written (a bad one never hides the others), each is then
 * stored through PimObjectsService.putMany, which validates it exactly as CardDAV/CalDAV would.
 * The same UID is the same object: importing a file again updates in place, and an entry whose
 * text is already stored is left alone (`unchanged`, its etag kept, so sync clients see no change).
 */
@Injectable()
export class PimImportService {
  constructor(
    private readonly scope: HouseholdScope,
    private readonly collections: PimCollectionsService,
    private readonly objects: PimObjectsService,
    private readonly lookup: PimObjectLookupRepository,
  ) {}

  async import(
    actor: PimActor,
    collectionId: string,
    kind: PimCollectionKind,
    text: string,
  ): Promise<ImportReport> {
    const { householdId, collection } = await this.collections.open(
      actor,
      { id: collectionId },
      'write',
    );
    if (collection.kind !== kind) {
      throw new FoyerError(
        404,
        PimErrorCode.CollectionNotFound,
        kind === 'addressbook' ? 'No such address book' : 'No such calendar',
      );
    }
    const skipped: SkippedEntry[] = [];
    const candidates =
      kind === 'addressbook'
        ? await this.frameContacts(text, skipped)
        : await this.frameEvents(text, skipped);
    const existing = await this.lookup.etagsByUid(householdId, collection.id);
    const report: ImportReport = { imported: 0, updated: 0, unchanged: 0, skipped };
    const toStore: Candidate[] = [];
    for (const candidate of candidates) {
      if (existing.get(candidate.uid) === etagOf(candidate.content)) report.unchanged++;
      else toStore.push(candidate);
    }
    for (let start = 0; start < toStore.length; start += CHUNK) {
      const chunk = toStore.slice(start, start + CHUNK);
      const results = await this.storeChunk(actor, collection.id, householdId, chunk);
      results.forEach((result, position) => {
        const candidate = chunk[position];
        if (result.status === 'created') report.imported++;
        else if (result.status === 'updated') report.updated++;
        else if ('message' in result) {
          skipped.push({ index: candidate.index, uid: candidate.uid, reason: result.message });
        }
      });
    }
    skipped.sort((a, b) => a.index - b.index);
    return report;
  }

  /**
   * One transaction for the chunk; when something below fails in a way that aborts it (not a
   * refusal of one entry), each entry of the chunk is stored again on its own, so only the
   * entry at fault is skipped.
   */
  private async storeChunk(
    actor: PimActor,
    collectionId: string,
    householdId: Parameters<HouseholdScope['run']>[0],
    chunk: readonly Candidate[],
  ): Promise<(PutManyResult | { status: 'skipped'; message: string })[]> {
    const items = chunk.map((candidate) => ({ content: candidate.content }));
    const options = { existing: 'replace' as const };
    try {
      return await this.scope.run(householdId, () =>
        this.objects.putMany(actor, { id: collectionId }, items, options),
      );
    } catch (error) {
      if (error instanceof FoyerError && error.status < 500) throw error;
      const results: (PutManyResult | { status: 'skipped'; message: string })[] = [];
      for (const item of items) {
        try {
          results.push(
            (await this.objects.putMany(actor, { id: collectionId }, [item], options))[0],
          );
        } catch (single) {
          if (single instanceof FoyerError && single.status < 500) throw single;
          results.push({ status: 'skipped', message: 'the entry could not be stored' });
        }
      }
      return results;
    }
  }

  private async frameContacts(text: string, skipped: SkippedEntry[]): Promise<Candidate[]> {
    const framed = frameVcards(text);
    if (framed.length === 0) {
      throw new FoyerError(
        400,
        PimErrorCode.InvalidVcard,
        'No BEGIN:VCARD … END:VCARD in the file',
      );
    }
    const firstIndex = new Map<string, number>();
    const candidates: Candidate[] = [];
    // Thousands of cards are read here before anything is stored: let other requests in.
    const yielder = new EventLoopYielder();
    for (const entry of framed) {
      await yielder.maybeYield();
      if ('error' in entry) {
        skipped.push({ index: entry.index, reason: entry.error });
        continue;
      }
      if (Buffer.byteLength(entry.content, 'utf8') > MAX_OBJECT_BYTES) {
        skipped.push({ index: entry.index, reason: tooLarge() });
        continue;
      }
      let uid: string;
      try {
        uid = parseVcard(entry.content).uid;
      } catch (error) {
        if (!(error instanceof FoyerError)) throw error;
        skipped.push({ index: entry.index, reason: error.message });
        continue;
      }
      if (!this.acceptUid(entry.index, uid, firstIndex, skipped)) continue;
      candidates.push({ index: entry.index, uid, content: entry.content });
    }
    return candidates;
  }

  private async frameEvents(text: string, skipped: SkippedEntry[]): Promise<Candidate[]> {
    const { objects, calendars } = await frameCalendarObjects(text);
    if (calendars === 0) {
      throw new FoyerError(
        400,
        PimErrorCode.InvalidIcalendar,
        'No BEGIN:VCALENDAR … END:VCALENDAR in the file',
      );
    }
    const candidates: Candidate[] = [];
    for (const entry of objects) {
      if ('error' in entry) {
        skipped.push({ index: entry.index, uid: entry.uid, reason: entry.error });
      } else if (Buffer.byteLength(entry.content, 'utf8') > MAX_OBJECT_BYTES) {
        skipped.push({ index: entry.index, uid: entry.uid, reason: tooLarge() });
      } else if (Buffer.byteLength(entry.uid, 'utf8') > MAX_UID_BYTES) {
        skipped.push({
          index: entry.index,
          reason: `the UID is longer than ${MAX_UID_BYTES} bytes`,
        });
      } else {
        candidates.push({ index: entry.index, uid: entry.uid, content: entry.content });
      }
    }
    return candidates;
  }

  private acceptUid(
    index: number,
    uid: string,
    firstIndex: Map<string, number>,
    skipped: SkippedEntry[],
  ): boolean {
    if (Buffer.byteLength(uid, 'utf8') > MAX_UID_BYTES) {
      skipped.push({ index, reason: `the UID is longer than ${MAX_UID_BYTES} bytes` });
      return false;
    }
    const first = firstIndex.get(uid);
    if (first !== undefined) {
      skipped.push({ index, uid, reason: `duplicate UID in the file (first at index ${first})` });
      return false;
    }
    firstIndex.set(uid, index);
    return true;
  }
}

function tooLarge(): string {
  return `the entry is larger than ${MAX_OBJECT_BYTES / 1024} KiB`;
}
