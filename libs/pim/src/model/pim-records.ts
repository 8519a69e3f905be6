import type { PimCollectionKind, PimComponent } from './pim-object-kind';

/** An address book or a calendar. */
export interface PimCollection {
  id: string;
  householdId: string;
  kind: PimCollectionKind;
  /** The last segment of its URL (`family`, or what a client chose at MKCALENDAR). */
  name: string;
  /** Null: the household's (shared); else the member's (personal). */
  ownerUserId: string | null;
  /** A personal collection its owner shares with the household (others read it only). */
  sharedWithHousehold: boolean;
  displayName: string;
  description: string;
  color: string | null;
  /** Calendars: the components it takes (VEVENT, VTODO, VJOURNAL); address books: `[]`. */
  components: PimComponent[];
  /** Bumped by every change of an object: the ctag and the sync token's revision. */
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What is kept of an event or task beside its text. */
export interface PimEventFields {
  summary: string | null;
  dtstart: Date | null;
  dtend: Date | null;
  allDay: boolean;
  timezone: string | null;
  recurring: boolean;
  rangeStart: Date | null;
  rangeEnd: Date | null;
}

/** What is kept of a contact beside its text. */
export interface PimContactFields {
  formattedName: string;
  givenName: string | null;
  familyName: string | null;
  organization: string | null;
  emails: string[];
  phones: string[];
  phonesE164: string[];
}

/** A contact or a calendar object, with its original text. */
export interface PimObject {
  id: string;
  collectionId: string;
  uid: string;
  /** The last segment of its URL (`<uid>.vcf`, `<uid>.ics`, or what the client chose). */
  href: string;
  /** Quoted, strong: `"…"`. */
  etag: string;
  component: PimComponent;
  contentType: string;
  content: string;
  createdBy: string | null;
  createdAt: Date;
  lastModified: Date;
  /** Set for calendar objects. */
  event: PimEventFields | null;
  /** Set for contacts. */
  contact: PimContactFields | null;
}

/** An object's summary without its text (listings, sync reports that only need the etag). */
export type PimObjectHead = Omit<PimObject, 'content'>;
