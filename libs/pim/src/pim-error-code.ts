/**
 * Refusals of the contacts and calendars library, with their HTTP status on the REST API. The
 * DAV layer answers the same codes with the statuses and precondition elements the RFCs name
 * (RFC 4791, RFC 6352, RFC 6578); see `libs/pim/src/dav/pim-dav-exception.filter.ts`.
 */
export enum PimErrorCode {
  /** 400 (DAV: 403 `CARDDAV:valid-address-data`): not one parseable vCard 3.0/4.0 with a UID and FN. */
  InvalidVcard = 'INVALID_VCARD',
  /**
   * 400 (DAV: 403 `CALDAV:valid-calendar-data`): not one parseable VCALENDAR holding one kind of
   * component (VEVENT, VTODO or VJOURNAL) that all share one UID.
   */
  InvalidIcalendar = 'INVALID_ICALENDAR',
  /** 400 (DAV: 403 `supported-address-data` / `supported-calendar-data`): a vCard in a calendar or the reverse. */
  WrongObjectKind = 'WRONG_OBJECT_KIND',
  /** 400 (DAV: 403 `CALDAV:supported-calendar-component`): the calendar does not take this component. */
  UnsupportedComponent = 'UNSUPPORTED_COMPONENT',
  /** 409 (DAV: 409 `no-uid-conflict`): the UID is already used by another object of the collection. */
  UidConflict = 'UID_CONFLICT',
  /** 404: no such address book or calendar visible to you in this household. */
  CollectionNotFound = 'COLLECTION_NOT_FOUND',
  /** 404: no such contact or event in the collection. */
  ObjectNotFound = 'OBJECT_NOT_FOUND',
  /** 412: If-Match or If-None-Match did not hold. */
  PreconditionFailed = 'PRECONDITION_FAILED',
  /** 403 (DAV: 403 `DAV:valid-sync-token`): the sync token is not one this collection issued. */
  InvalidSyncToken = 'INVALID_SYNC_TOKEN',
  /** 405 on DAV, 409 on REST: a collection of that name already exists. */
  CollectionExists = 'COLLECTION_EXISTS',
  /** 403: the collection is another member's, shared with you to read only. */
  ReadOnlyCollection = 'READ_ONLY_COLLECTION',
  /** 400: a collection or object name (the last segment of its URL) is empty, too long or has "/". */
  InvalidName = 'INVALID_NAME',
  /** 400: a collection property (display name, color, description, components) is not acceptable. */
  InvalidProperty = 'INVALID_PROPERTY',
  /** 413: an object is larger than MAX_OBJECT_BYTES. */
  ObjectTooLarge = 'OBJECT_TOO_LARGE',
  /** 400: a time range whose end is not after its start. */
  InvalidTimeRange = 'INVALID_TIME_RANGE',
  /**
   * 400 (DAV: 403 `CALDAV:valid-calendar-object-resource` / `CARDDAV:valid-address-data`): the
   * object is beyond what one object may cost (libs/pim/src/model/text-limits.ts and
   * work-budget.ts): too deep, too many components, properties or recurrence dates, or a
   * recurrence (of an event or of a VTIMEZONE) whose expansion needs too many steps.
   */
  ObjectTooComplex = 'OBJECT_TOO_COMPLEX',
  /** 400 (REST): an event's `timeZone` is not an IANA time zone this server knows (`Europe/Paris`). */
  InvalidTimeZone = 'INVALID_TIME_ZONE',
  /** 400 (REST): a `cursor` that no listing of this API issued (or for another query). */
  InvalidCursor = 'INVALID_CURSOR',
  /**
   * 400 ("Who called?"): the CSV has no header row naming at least a date and a number column
   * among its first lines (docs/who-called.md lists the names read).
   */
  InvalidCallCsv = 'INVALID_CALL_CSV',
}
