import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { CountryCode, isSupportedCountry } from 'libphonenumber-js';
import { CoreErrorCode, FoyerError } from '@foyer/core';
import { HouseholdAccessService, HouseholdPermission } from '@foyer/households';
import { FilesErrorCode, FilesService } from '@foyer/files';
import { DEFAULT_PHONE_REGION } from '../model/phone';
import { PimErrorCode } from '../pim-error-code';
import { decodeCursor, encodeCursor } from '../rest/rest-cursor';
import type { PimActor } from '../services/pim-actor';
import { PimObjectsService } from '../services/pim-objects.service';
import { CallCsvHeaderError, decodeCsv, parseCallCsv, SkippedLine } from './call-csv-parser';
import { CallRecord, CallRecordsRepository } from './call-records.repository';
import { isKnownTimeZone } from './local-time';

/** Where the operators' files are kept, in the household's files. */
export const CALLS_FOLDER = '/Calls';
/** Times without an offset are read here unless the import names a zone. */
export const DEFAULT_CALL_TIME_ZONE = 'Europe/Paris';

export interface CallImportReport {
  batchId: string;
  /** Where the original file was kept. */
  filePath: string;
  /** Calls read from the file. */
  read: number;
  /** New calls recorded. */
  imported: number;
  /** Calls already recorded by an earlier import. */
  duplicates: number;
  skipped: SkippedLine[];
}

export interface CallWithContact extends CallRecord {
  contact: { id: string; addressBookId: string; fullName: string } | null;
}

/** A file name from the client's, for `/Calls/<date>-<name>.csv`: letters, digits, `._-` and spaces. */
function baseName(name: string | undefined): string {
  const cleaned = (name ?? '')
    .replace(/\.csv$/i, '')
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._-]+/gu, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 80);
  return cleaned || 'calls';
}

/**
 * "Who called?": an operator's call-detail CSV is read (call-csv-parser), its calls recorded with
 * E.164 numbers, and the file itself kept under /Calls in the household's files. Listing a
 * household's calls names each caller from the contacts the member sees (E.164 match). Importing
 * needs data.write and a writable household; the calls of a household are for all its members,
 * as the file in /Calls is.
 */
@Injectable()
export class CallsService {
  constructor(
    private readonly access: HouseholdAccessService,
    private readonly files: FilesService,
    private readonly records: CallRecordsRepository,
    private readonly objects: PimObjectsService,
  ) {}

  /** What an import needs, checked before its body is read. */
  async assertMayImport(actor: PimActor): Promise<void> {
    const access = await this.access.require(
      actor.userId,
      actor.hid,
      HouseholdPermission.WriteData,
    );
    this.access.assertWritable(access);
  }

  async import(
    actor: PimActor,
    body: Buffer,
    options: { fileName?: string; region?: string; timeZone?: string },
  ): Promise<CallImportReport> {
    const access = await this.access.require(
      actor.userId,
      actor.hid,
      HouseholdPermission.WriteData,
    );
    this.access.assertWritable(access);
    const householdId = this.access.householdId(access);
    const region = this.regionOf(options.region, access.household.settings);
    const timeZone = options.timeZone ?? DEFAULT_CALL_TIME_ZONE;
    if (!isKnownTimeZone(timeZone)) {
      throw new FoyerError(400, CoreErrorCode.ValidationFailed, `Unknown time zone ${timeZone}`, {
        fields: { timeZone: ['an IANA time zone, such as Europe/Paris'] },
      });
    }
    let parsed;
    try {
      parsed = parseCallCsv(decodeCsv(body), { defaultRegion: region, timeZone });
    } catch (error) {
      if (error instanceof CallCsvHeaderError) {
        throw new FoyerError(400, PimErrorCode.InvalidCallCsv, error.message);
      }
      throw error;
    }
    const filePath = await this.keepFile(actor, body, options.fileName);
    const { batchId, added } = await this.records.insertBatch(
      householdId,
      {
        importedBy: actor.userId,
        fileName: filePath.slice(CALLS_FOLDER.length + 1),
        filePath,
        defaultRegion: region,
        timeZone,
        linesRead: parsed.calls.length + parsed.skipped.length,
        skipped: parsed.skipped,
      },
      parsed.calls,
    );
    return {
      batchId,
      filePath,
      read: parsed.calls.length,
      imported: added,
      duplicates: parsed.calls.length - added,
      skipped: parsed.skipped,
    };
  }

  async list(
    actor: PimActor,
    query: { from?: string; to?: string; cursor?: string; limit: number },
  ): Promise<{ items: CallWithContact[]; nextCursor: string | null }> {
    const access = await this.access.require(actor.userId, actor.hid, HouseholdPermission.View);
    const householdId = this.access.householdId(access);
    const from = query.from ? new Date(query.from) : null;
    const to = query.to ? new Date(query.to) : null;
    if (from && to && to.getTime() <= from.getTime()) {
      throw new FoyerError(400, PimErrorCode.InvalidTimeRange, 'to must be after from');
    }
    const scope = `calls:${query.from ?? ''}:${query.to ?? ''}`;
    const after = query.cursor ? decodeCursor(scope, query.cursor, 2) : null;
    const afterAt = after ? new Date(String(after[0])) : null;
    if (afterAt && Number.isNaN(afterAt.getTime())) {
      throw new FoyerError(
        400,
        PimErrorCode.InvalidCursor,
        'This cursor is not one of this listing',
      );
    }
    const rows = await this.records.list(householdId, {
      from,
      to,
      after: after && afterAt ? { startedAt: afterAt, id: String(after[1]) } : null,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const numbers = [...new Set(page.map((call) => call.numberE164))];
    const contacts = await this.objects.contactsByPhones(actor, numbers);
    const byNumber = new Map<string, CallWithContact['contact']>();
    // Contacts come by name: the first one holding a number names it.
    for (const contact of contacts) {
      for (const phone of contact.contact?.phonesE164 ?? []) {
        if (!byNumber.has(phone)) {
          byNumber.set(phone, {
            id: contact.id,
            addressBookId: contact.collectionId,
            fullName: contact.contact?.formattedName ?? '',
          });
        }
      }
    }
    const last = page[page.length - 1];
    return {
      items: page.map((call) => ({ ...call, contact: byNumber.get(call.numberE164) ?? null })),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor(scope, [last.startedAt.toISOString(), last.id])
          : null,
    };
  }

  /** The query's region, else the household's `phoneRegion` setting, else FR. */
  private regionOf(requested: string | undefined, settings: Record<string, unknown>): CountryCode {
    const candidate = requested ?? settings?.phoneRegion;
    if (candidate === undefined || candidate === null) return DEFAULT_PHONE_REGION;
    const upper = String(candidate).toUpperCase();
    if (!isSupportedCountry(upper)) {
      throw new FoyerError(
        400,
        CoreErrorCode.ValidationFailed,
        `Unknown region ${String(candidate)}`,
        {
          fields: { region: ['an ISO 3166 country code, such as FR'] },
        },
      );
    }
    return upper;
  }

  /**
   * Keeps the operator's file as `/Calls/<yyyy-mm-dd>-<name>.csv` (the folder made when missing),
   * never over another file: a taken name gets ` (2)`, ` (3)`, ….
   */
  private async keepFile(actor: PimActor, body: Buffer, name: string | undefined): Promise<string> {
    try {
      await this.files.createFolder(actor, CALLS_FOLDER);
    } catch (error) {
      if (!(error instanceof FoyerError) || error.code !== FilesErrorCode.NameTaken) throw error;
    }
    const stem = `${new Date().toISOString().slice(0, 10)}-${baseName(name)}`;
    for (let attempt = 1; attempt <= 100; attempt++) {
      const path = `${CALLS_FOLDER}/${stem}${attempt === 1 ? '' : ` (${attempt})`}.csv`;
      try {
        await this.files.upload(actor, path, Readable.from([body]), {
          contentLength: body.length,
          contentType: 'text/csv',
          ifNoneMatch: '*',
        });
        return path;
      } catch (error) {
        if (!(error instanceof FoyerError) || error.code !== FilesErrorCode.PreconditionFailed) {
          throw error;
        }
      }
    }
    throw new FoyerError(409, FilesErrorCode.NameTaken, `Too many files named ${stem} in /Calls`);
  }
}
