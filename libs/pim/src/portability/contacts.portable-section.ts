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

/** `contacts/<name>.vcf`: one file per address book, each card exactly as stored. */
@Injectable()
@PortableSectionProvider()
export class ContactsPortableSection implements PortableSection {
  readonly id = 'contacts';
  readonly order = 100;

  constructor(private readonly archive: PimSectionArchive) {}

  snapshot(householdId: string, scope: ExportScope): Promise<SectionSnapshot> {
    return this.archive.snapshot('addressbook', householdId, scope);
  }

  restore(target: RestoreTarget, archive: ArchiveReader): Promise<SectionRestoreReport> {
    return this.archive.restore('addressbook', target, archive);
  }

  check(
    _archive: ArchiveReader,
    metadata: Record<string, unknown>,
    check: ArchiveFieldCheck,
  ): Promise<void> {
    return this.archive.check('addressbook', metadata, check);
  }
}
