/** What a collection holds. */
export type PimCollectionKind = 'addressbook' | 'calendar';

/** The component an object holds: a contact, or one kind of calendar component. */
export type PimComponent = 'VCARD' | 'VEVENT' | 'VTODO' | 'VJOURNAL';

/** The calendar components a calendar may be restricted to (`supported-calendar-component-set`). */
export const CALENDAR_COMPONENTS: readonly PimComponent[] = ['VEVENT', 'VTODO', 'VJOURNAL'];

export const VCARD_CONTENT_TYPE = 'text/vcard; charset=utf-8';
export const ICALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/** The largest object stored (one vCard with a photo, one event with its overrides): 1 MiB. */
export const MAX_OBJECT_BYTES = 1024 * 1024;
