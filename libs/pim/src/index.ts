export { PimModule } from './pim.module';
export { PimErrorCode } from './pim-error-code';
export { PimCollectionsService } from './services/pim-collections.service';
export type { CreateCollectionInput, OpenCollection } from './services/pim-collections.service';
export { PimObjectsService, MAX_QUERY_RESULTS } from './services/pim-objects.service';
export type {
  ChangesSince,
  PimOccurrence,
  PutManyResult,
  PutResult,
} from './services/pim-objects.service';
export type { PimActor, PimCollectionRef } from './services/pim-actor';
export {
  FamilyCollectionsSeeder,
  FAMILY_COLLECTION_NAME,
} from './seeding/family-collections.seeder';
export type { PimCollection, PimObject, PimObjectHead } from './model/pim-records';
export type { PimContactFields, PimEventFields } from './model/pim-records';
export type { PimCollectionKind, PimComponent } from './model/pim-object-kind';
export {
  ICALENDAR_CONTENT_TYPE,
  MAX_OBJECT_BYTES,
  VCARD_CONTENT_TYPE,
} from './model/pim-object-kind';
export { parseVcard, splitVcards } from './model/vcard';
export type { ParsedContact, SplitVcard } from './model/vcard';
export { parseICalendar, splitICalendar, expandOccurrences } from './model/icalendar';
export type { ParsedCalendarObject, SplitICalendar } from './model/icalendar';
export { toE164, DEFAULT_PHONE_REGION } from './model/phone';
export type { TimeRange } from './model/time-range';
export type { ContactTextMatch } from './repositories/pim-object.repository';
