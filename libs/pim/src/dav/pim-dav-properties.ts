import type { AuthenticatedUser } from '@foyer/accounts';
import { escapeXml } from '@foyer/dav';
import type { PimCollectionKind } from '../model/pim-object-kind';
import type { PimCollection, PimObject, PimObjectHead } from '../model/pim-records';
import { homeHref, principalHref } from './pim-dav-paths';
import type { PropRequest } from './pim-dav-requests';
import {
  APPLE_ICAL_NS,
  CALDAV_NS,
  CALENDARSERVER_NS,
  CARDDAV_NS,
  clark,
  DAV,
  hrefXml,
  ResponseEntry,
} from './pim-dav-xml';

/** Live properties of a resource, by key; values are inner XML. */
export type Props = Map<string, string>;

export const K = {
  resourcetype: clark(DAV, 'resourcetype'),
  displayname: clark(DAV, 'displayname'),
  getetag: clark(DAV, 'getetag'),
  getcontenttype: clark(DAV, 'getcontenttype'),
  getlastmodified: clark(DAV, 'getlastmodified'),
  currentUserPrincipal: clark(DAV, 'current-user-principal'),
  principalUrl: clark(DAV, 'principal-URL'),
  principalCollectionSet: clark(DAV, 'principal-collection-set'),
  owner: clark(DAV, 'owner'),
  syncToken: clark(DAV, 'sync-token'),
  supportedReportSet: clark(DAV, 'supported-report-set'),
  privileges: clark(DAV, 'current-user-privilege-set'),
  calendarHomeSet: clark(CALDAV_NS, 'calendar-home-set'),
  calendarUserAddressSet: clark(CALDAV_NS, 'calendar-user-address-set'),
  calendarDescription: clark(CALDAV_NS, 'calendar-description'),
  supportedComponents: clark(CALDAV_NS, 'supported-calendar-component-set'),
  supportedCalendarData: clark(CALDAV_NS, 'supported-calendar-data'),
  calendarData: clark(CALDAV_NS, 'calendar-data'),
  calendarMaxSize: clark(CALDAV_NS, 'max-resource-size'),
  addressbookHomeSet: clark(CARDDAV_NS, 'addressbook-home-set'),
  addressbookDescription: clark(CARDDAV_NS, 'addressbook-description'),
  supportedAddressData: clark(CARDDAV_NS, 'supported-address-data'),
  addressData: clark(CARDDAV_NS, 'address-data'),
  addressbookMaxSize: clark(CARDDAV_NS, 'max-resource-size'),
  getctag: clark(CALENDARSERVER_NS, 'getctag'),
  calendarColor: clark(APPLE_ICAL_NS, 'calendar-color'),
} as const;

/** Not part of allprop (RFC 4791 §9.6, RFC 6352 §10.4, RFC 3744 §5.4). */
const NOT_IN_ALLPROP = new Set<string>([K.calendarData, K.addressData, K.privileges]);

function reports(kind: PimCollectionKind): string {
  const names =
    kind === 'calendar'
      ? ['<C:calendar-multiget/>', '<C:calendar-query/>']
      : ['<CR:addressbook-multiget/>', '<CR:addressbook-query/>'];
  return [...names, '<D:sync-collection/>']
    .map((name) => `<D:supported-report><D:report>${name}</D:report></D:supported-report>`)
    .join('');
}

function privileges(writable: boolean): string {
  const names = writable
    ? [
        'read',
        'write',
        'write-properties',
        'write-content',
        'bind',
        'unbind',
        'read-current-user-privilege-set',
      ]
    : ['read', 'read-current-user-privilege-set'];
  return names.map((name) => `<D:privilege><D:${name}/></D:privilege>`).join('');
}

/** What every resource under /dav/ answers: who the caller is. */
function common(user: AuthenticatedUser): Props {
  return new Map([
    [K.currentUserPrincipal, hrefXml(principalHref(user.id))],
    [K.principalCollectionSet, hrefXml('/dav/principals/')],
  ]);
}

export function plainCollectionProps(user: AuthenticatedUser, displayName: string): Props {
  const props = common(user);
  props.set(K.resourcetype, '<D:collection/>');
  props.set(K.displayname, escapeXml(displayName));
  return props;
}

export function principalProps(
  user: AuthenticatedUser,
  households: readonly { slug: string }[],
): Props {
  const props = common(user);
  props.set(K.resourcetype, '<D:collection/><D:principal/>');
  props.set(K.displayname, escapeXml(user.displayName || user.email));
  props.set(K.principalUrl, hrefXml(principalHref(user.id)));
  props.set(
    K.calendarHomeSet,
    households.map((h) => hrefXml(homeHref('calendar', h.slug))).join(''),
  );
  props.set(
    K.addressbookHomeSet,
    households.map((h) => hrefXml(homeHref('addressbook', h.slug))).join(''),
  );
  props.set(
    K.calendarUserAddressSet,
    hrefXml(`mailto:${user.email}`) + hrefXml(principalHref(user.id)),
  );
  return props;
}

export function homeProps(user: AuthenticatedUser, householdName: string): Props {
  const props = plainCollectionProps(user, householdName);
  props.set(K.owner, hrefXml(principalHref(user.id)));
  return props;
}

export function collectionProps(
  user: AuthenticatedUser,
  collection: PimCollection,
  syncToken: string,
  maxObjectBytes: number,
): Props {
  const props = common(user);
  const calendar = collection.kind === 'calendar';
  const writable = collection.ownerUserId === null || collection.ownerUserId === user.id;
  props.set(
    K.resourcetype,
    calendar ? '<D:collection/><C:calendar/>' : '<D:collection/><CR:addressbook/>',
  );
  props.set(K.displayname, escapeXml(collection.displayName));
  props.set(K.getctag, escapeXml(String(collection.revision)));
  props.set(K.syncToken, escapeXml(syncToken));
  props.set(K.supportedReportSet, reports(collection.kind));
  props.set(K.privileges, privileges(writable));
  if (collection.ownerUserId) props.set(K.owner, hrefXml(principalHref(collection.ownerUserId)));
  if (calendar) {
    props.set(K.calendarDescription, escapeXml(collection.description));
    props.set(
      K.supportedComponents,
      collection.components.map((name) => `<C:comp name="${name}"/>`).join(''),
    );
    props.set(
      K.supportedCalendarData,
      '<C:calendar-data content-type="text/calendar" version="2.0"/>',
    );
    props.set(K.calendarMaxSize, String(maxObjectBytes));
    if (collection.color) props.set(K.calendarColor, escapeXml(collection.color));
  } else {
    props.set(K.addressbookDescription, escapeXml(collection.description));
    props.set(
      K.supportedAddressData,
      '<CR:address-data-type content-type="text/vcard" version="3.0"/>' +
        '<CR:address-data-type content-type="text/vcard" version="4.0"/>',
    );
    props.set(K.addressbookMaxSize, String(maxObjectBytes));
  }
  return props;
}

/** An object's properties; its data only when given (asked for, and read with the text). */
export function objectProps(object: PimObjectHead | PimObject, data: string | null): Props {
  const props = new Map<string, string>([
    [K.resourcetype, ''],
    [K.getetag, escapeXml(object.etag)],
    [K.getcontenttype, escapeXml(object.contentType)],
    [K.getlastmodified, escapeXml(object.lastModified.toUTCString())],
  ]);
  if (data !== null) {
    // XML parsers turn CRLF into LF; a character reference keeps the CR, so clients get the
    // bytes that were stored.
    props.set(
      object.component === 'VCARD' ? K.addressData : K.calendarData,
      escapeXml(data).replace(/\r/g, '&#13;'),
    );
  }
  return props;
}

/** Whether the request needs objects' text (their data properties). */
export function wantsData(request: PropRequest): boolean {
  return (
    request.kind === 'prop' &&
    request.keys.some((key) => key === K.calendarData || key === K.addressData)
  );
}

/** The response for one resource, as the request asks: found (200), missing (404), names only. */
export function entryFor(href: string, props: Props, request: PropRequest): ResponseEntry {
  if (request.kind === 'propname') {
    return {
      href,
      propstats: [{ status: 200, props: new Map([...props.keys()].map((k) => [k, ''])) }],
    };
  }
  if (request.kind === 'allprop') {
    const shown = new Map([...props].filter(([key]) => !NOT_IN_ALLPROP.has(key)));
    return { href, propstats: [{ status: 200, props: shown }] };
  }
  const found = new Map<string, string>();
  const missing = new Map<string, string>();
  for (const key of request.keys) {
    const value = props.get(key);
    if (value === undefined) missing.set(key, '');
    else found.set(key, value);
  }
  return {
    href,
    propstats: [
      { status: 200, props: found },
      { status: 404, props: missing },
    ],
  };
}
