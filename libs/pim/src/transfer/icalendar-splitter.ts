import { ICAL, IcalComponent } from '../model/ical';
import { assertBoundedText } from '../model/text-limits';
import { EventLoopYielder } from '../model/work-budget';
import { beginOf, endOf, joinLines, linesOf } from './content-lines';

/** Components that are stored as objects; VTIMEZONE travels with the objects that use it. */
const OBJECT_COMPONENTS = new Set(['VEVENT', 'VTODO', 'VJOURNAL']);

/** A calendar object framed out of an .ics: one UID's components with the time zones they use. */
export type FramedCalendarObject =
  { index: number; uid: string; content: string } | { index: number; uid?: string; error: string };

interface Block {
  /** Position among the file's VEVENT/VTODO/VJOURNAL, from 0. */
  index: number;
  name: string;
  lines: string[];
}

interface Calendar {
  /** The VCALENDAR's own property lines (VERSION, PRODID, CALSCALE, X-WR-…), folded as written. */
  properties: string[];
  timezones: Map<string, string[]>;
  blocks: Block[];
  /** The whole VCALENDAR as written. */
  lines: string[];
  /** Things wrong with the frame itself, reported against the next block index. */
  errors: { index: number; error: string }[];
  /** It had calendar-level lines that a stored object leaves out: it cannot be kept whole. */
  hasMethod: boolean;
}

/** Reads one framed component with ical.js, inside a minimal VCALENDAR. */
function parseBlock(lines: readonly string[]): IcalComponent {
  const text = joinLines(['BEGIN:VCALENDAR', ...lines, 'END:VCALENDAR']);
  // The limits of one object, before ical.js reads it (nesting, NULs, counts).
  assertBoundedText(text, 'icalendar');
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const component = calendar.getAllSubcomponents()[0];
  if (!component) throw new Error('empty component');
  return component;
}

function referencedZones(component: IcalComponent, into: Set<string>): void {
  for (const property of component.getAllProperties()) {
    const tzid = property.getParameter('tzid');
    if (typeof tzid === 'string' && tzid) into.add(tzid);
  }
  for (const child of component.getAllSubcomponents()) referencedZones(child, into);
}

/** Frames the VCALENDARs of an iCalendar stream (RFC 5545 allows several in one file). */
function frameCalendars(text: string): Calendar[] {
  const calendars: Calendar[] = [];
  let calendar: Calendar | null = null;
  let child: { name: string; lines: string[]; depth: number } | null = null;
  let blocks = 0;
  for (const line of linesOf(text)) {
    if (calendar === null) {
      if (beginOf(line) === 'VCALENDAR') {
        calendar = {
          properties: [],
          timezones: new Map(),
          blocks: [],
          lines: [line],
          errors: [],
          hasMethod: false,
        };
      }
      continue;
    }
    calendar.lines.push(line);
    const begin = beginOf(line);
    const end = endOf(line);
    if (child) {
      child.lines.push(line);
      if (begin) child.depth++;
      if (end) child.depth--;
      if (child.depth > 0) continue;
      if (end !== child.name) {
        calendar.errors.push({ index: blocks, error: `${child.name} ends with END:${end}` });
      } else if (child.name === 'VTIMEZONE') {
        const tzid = timezoneId(child.lines);
        if (tzid) calendar.timezones.set(tzid, child.lines);
      } else if (OBJECT_COMPONENTS.has(child.name)) {
        calendar.blocks.push({ index: blocks++, name: child.name, lines: child.lines });
      }
      child = null;
      continue;
    }
    if (end === 'VCALENDAR') {
      calendars.push(calendar);
      calendar = null;
    } else if (begin) {
      child = { name: begin, lines: [line], depth: 1 };
    } else if (/^(METHOD|X-WR-CALNAME|X-WR-CALDESC)[:;]/i.test(line)) {
      // An iTIP method (PUBLISH in most exports) has no place in a stored object (RFC 4791
      // 4.1), and the name of the calendar a file came from is not the event's.
      calendar.hasMethod = true;
    } else {
      calendar.properties.push(line);
    }
  }
  if (calendar) {
    if (child && OBJECT_COMPONENTS.has(child.name)) {
      calendar.errors.push({
        index: blocks,
        error: `${child.name} has no END before the end of the file`,
      });
    } else {
      calendar.errors.push({ index: blocks, error: 'the VCALENDAR has no END:VCALENDAR' });
    }
    calendars.push(calendar);
  }
  return calendars;
}

function timezoneId(lines: readonly string[]): string | null {
  try {
    const value = parseBlock(lines).getFirstPropertyValue('tzid');
    return typeof value === 'string' && value ? value : null;
  } catch {
    return null;
  }
}

/**
 * Frames an .ics into the objects a calendar stores: the components sharing a UID (a recurring
 * event and its overrides) become one VCALENDAR with the VTIMEZONEs they reference, their lines
 * exactly as written. A VCALENDAR that already holds one UID is kept whole, byte for byte (what
 * the household archive writes, so a restore is exact). Each component is read with ical.js to
 * find its UID; one that does not parse, has no UID, or repeats a UID and RECURRENCE-ID already
 * seen in the file is an error at its index (its position among the file's components, from 0).
 * Full validation is the model's, when each object is stored.
 */
export async function frameCalendarObjects(text: string): Promise<{
  objects: FramedCalendarObject[];
  /** Whether anything looked like iCalendar at all (no BEGIN:VCALENDAR: the file is refused). */
  calendars: number;
}> {
  const calendars = frameCalendars(text);
  // A file may hold tens of thousands of components: other requests get turns meanwhile.
  const yielder = new EventLoopYielder();
  const objects: FramedCalendarObject[] = [];
  const seenUids = new Map<string, number>();
  for (const calendar of calendars) {
    for (const error of calendar.errors) objects.push(error);
    const groups = new Map<
      string,
      { blocks: Block[]; keys: Set<string>; components: IcalComponent[] }
    >();
    for (const block of calendar.blocks) {
      await yielder.maybeYield();
      let component: IcalComponent;
      let uid: unknown;
      let key: string;
      try {
        component = parseBlock(block.lines);
        uid = component.getFirstPropertyValue('uid');
        // ical.js reads values lazily: a malformed RECURRENCE-ID throws only here.
        const recurrenceId = component.getFirstPropertyValue('recurrence-id');
        key = recurrenceId ? String(recurrenceId) : '';
      } catch (error) {
        objects.push({
          index: block.index,
          error: `not valid iCalendar: ${(error as Error).message}`,
        });
        continue;
      }
      if (typeof uid !== 'string' || uid.trim() === '') {
        objects.push({ index: block.index, error: `${block.name} has no UID` });
        continue;
      }
      const firstIndex = seenUids.get(uid);
      const group = groups.get(uid);
      if (firstIndex !== undefined && !group) {
        objects.push({
          index: block.index,
          uid,
          error: `duplicate UID in the file (first at index ${firstIndex})`,
        });
        continue;
      }
      if (group?.keys.has(key)) {
        objects.push({
          index: block.index,
          uid,
          error: key
            ? `duplicate UID and RECURRENCE-ID in the file (first at index ${firstIndex})`
            : `duplicate UID in the file (first at index ${firstIndex})`,
        });
        continue;
      }
      if (group) {
        group.blocks.push(block);
        group.keys.add(key);
        group.components.push(component);
      } else {
        seenUids.set(uid, block.index);
        groups.set(uid, { blocks: [block], keys: new Set([key]), components: [component] });
      }
    }
    const whole =
      groups.size === 1 &&
      !calendar.hasMethod &&
      calendar.errors.length === 0 &&
      calendar.blocks.length === [...groups.values()][0].blocks.length;
    for (const [uid, group] of groups) {
      const index = group.blocks[0].index;
      if (whole) {
        objects.push({ index, uid, content: joinLines(calendar.lines) });
        continue;
      }
      const zones = new Set<string>();
      for (const component of group.components) referencedZones(component, zones);
      const lines = ['BEGIN:VCALENDAR', ...calendar.properties];
      for (const zone of zones) lines.push(...(calendar.timezones.get(zone) ?? []));
      for (const block of group.blocks) lines.push(...block.lines);
      lines.push('END:VCALENDAR');
      objects.push({ index, uid, content: joinLines(lines) });
    }
  }
  objects.sort((a, b) => a.index - b.index);
  return { objects, calendars: calendars.length };
}

/**
 * One VCALENDAR for a whole calendar (what other apps import): the calendar properties given,
 * every object's VTIMEZONEs once (by TZID, the first seen wins), then every component, each as
 * stored. Reading it back with frameCalendarObjects gives the same objects (their components and
 * time zones; the VCALENDAR properties become `properties`).
 */
export function mergeCalendarObjects(
  properties: readonly string[],
  contents: Iterable<string>,
): string {
  const zones = new Map<string, string[]>();
  const components: string[][] = [];
  for (const content of contents) {
    for (const calendar of frameCalendars(content)) {
      for (const [tzid, lines] of calendar.timezones) if (!zones.has(tzid)) zones.set(tzid, lines);
      for (const block of calendar.blocks) components.push(block.lines);
    }
  }
  const lines = ['BEGIN:VCALENDAR', ...properties];
  for (const zone of zones.values()) lines.push(...zone);
  for (const block of components) lines.push(...block);
  lines.push('END:VCALENDAR');
  return joinLines(lines);
}
