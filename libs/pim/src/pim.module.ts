import { Module } from '@nestjs/common';
import { DavAuthGuard } from '@foyer/dav';
import { FilesModule } from '@foyer/files';
import { HouseholdsModule } from '@foyer/households';
import { PimDavController } from './dav/pim-dav.controller';
import { PimDavService } from './dav/pim-dav.service';
import { WellKnownDavController } from './dav/well-known.controller';
import { PimCollectionRepository } from './repositories/pim-collection.repository';
import { PimObjectRepository } from './repositories/pim-object.repository';
import { FamilyCollectionsSeeder } from './seeding/family-collections.seeder';
import { PimCollectionsService } from './services/pim-collections.service';
import { PimObjectsService } from './services/pim-objects.service';
import { CallRecordsRepository } from './calls/call-records.repository';
import { CallsService } from './calls/calls.service';
import { AddressBooksController } from './http/address-books.controller';
import { CalendarsController } from './http/calendars.controller';
import { CallsController } from './http/calls.controller';
import { ContactsController } from './http/contacts.controller';
import { EventsController } from './http/events.controller';
import { CalendarsPortableSection } from './portability/calendars.portable-section';
import { ContactsPortableSection } from './portability/contacts.portable-section';
import { PimArchiveRepository } from './portability/pim-archive.repository';
import { PimSectionArchive } from './portability/pim-section-archive';
import { ContactsService } from './rest/contacts.service';
import { EventsService } from './rest/events.service';
import { PimObjectLookupRepository } from './rest/pim-object-lookup.repository';
import { PimExportService } from './transfer/pim-export.service';
import { PimImportService } from './transfer/pim-import.service';

/**
 * Contacts and calendars: the model (collections and objects, tenant tables `pim_*`), the
 * services the REST API builds on, and CardDAV / CalDAV under `/dav/` (principals, calendars,
 * addressbooks, the `.well-known` redirects).
 */
@Module({
  // FilesModule: "Who called?" keeps each operator's file in the household's /Calls folder.
  imports: [HouseholdsModule, FilesModule],
  // The web app's REST API (contacts, events, import and export).
  controllers: [
    AddressBooksController,
    CalendarsController,
    ContactsController,
    EventsController,
    CallsController,
    // CardDAV and CalDAV under /dav/, and the RFC 6764 redirects.
    PimDavController,
    WellKnownDavController,
  ],
  providers: [
    DavAuthGuard,
    PimDavService,
    PimCollectionRepository,
    PimObjectRepository,
    PimCollectionsService,
    PimObjectsService,
    FamilyCollectionsSeeder,
    PimObjectLookupRepository,
    ContactsService,
    EventsService,
    PimImportService,
    PimExportService,
    CallRecordsRepository,
    CallsService,
    // The contacts and calendars sections of the household archive (export, import).
    PimArchiveRepository,
    PimSectionArchive,
    ContactsPortableSection,
    CalendarsPortableSection,
  ],
  exports: [PimCollectionsService, PimObjectsService, FamilyCollectionsSeeder],
})
export class PimModule {}
