import { Injectable } from '@nestjs/common';
import {
  ArchiveFieldCheck,
  ArchiveReader,
  ExportScope,
  PortableSection,
  PortableSectionProvider,
  RestoreTarget,
  SectionRestoreReport,
  SectionSnapshot,
} from '@foyer/portability';
import { PimSectionArchive } from './pim-section-archive';

/**
 * `calendars/<name>.ics`: one file per calendar, an RFC 5545 iCalendar stream of its objects'
 * VCALENDARs exactly as stored (VTIMEZONEs included) rather than one merged VCALENDAR, so that a
 * restore gives back each object's own text; Foyer's import and ical.js read every VCALENDAR of
 * it, some apps only the first (the REST export merges them into one for those).
 */
@Injectable()
@PortableSectionProvider()
export class CalendarsPortableSection implements PortableSection {
  readonly id = 'calendars';
  readonly order = 110;

  constructor(private readonly archive: PimSectionArchive) {}

  snapshot(householdId: string, scope: ExportScope): Promise<SectionSnapshot> {
    return this.archive.snapshot('calendar', householdId, scope);
  }

  restore(target: RestoreTarget, archive: ArchiveReader): Promise<SectionRestoreReport> {
    return this.archive.restore('calendar', target, archive);
  }

  check(
    _archive: ArchiveReader,
    metadata: Record<string, unknown>,
    check: ArchiveFieldCheck,
  ): Promise<void> {
    return this.archive.check('calendar', metadata, check);
  }
}
