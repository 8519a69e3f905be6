import { ICALENDAR_CONTENT_TYPE } from '../model/pim-object-kind';
import { collectionsController } from './collections.controller';

/** `/api/v1/households/:hid/calendars`: the calendars you see, as .ics in and out. */
export const CalendarsController = collectionsController({
  kind: 'calendar',
  path: 'calendars',
  className: 'CalendarsController',
  tag: 'calendars',
  singular: 'calendar',
  plural: 'calendars',
  article: 'a',
  objects: 'events',
  extension: '.ics',
  extensionArticle: 'an',
  mediaType: 'text/calendar',
  contentType: ICALENDAR_CONTENT_TYPE,
  exportSummary: 'The calendar as one .ics file: one VCALENDAR, each VTIMEZONE once',
  importDescription:
    'The components sharing a UID (a recurring event and its overrides) are one object, with ' +
    'the VTIMEZONEs they use. Each object is stored or skipped on its own (not ' +
    'all-or-nothing): invalid components, a UID (and RECURRENCE-ID) repeated in the file and ' +
    'objects over 1 MiB are skipped with their index and reason. A UID already in the ' +
    'calendar is updated in place; importing the same file again changes nothing.',
  importInvalid: 'INVALID_ICALENDAR (no VCALENDAR at all in the file)',
});
