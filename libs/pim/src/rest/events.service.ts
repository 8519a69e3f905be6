import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { FoyerError } from '@foyer/core';
import { expandOccurrences } from '../model/icalendar';
import { EventLoopYielder } from '../model/work-budget';
import type { PimObject } from '../model/pim-records';
import type { TimeRange } from '../model/time-range';
import { PimErrorCode } from '../pim-error-code';
import type { PimActor } from '../services/pim-actor';
import { PimCollectionsService } from '../services/pim-collections.service';
import { PimObjectsService } from '../services/pim-objects.service';
import {
  buildEvent,
  changeEvent,
  componentDetails,
  EventChanges,
  EventFields,
} from './event-calendar';
import { PimObjectLookupRepository } from './pim-object-lookup.repository';
import { definedFields } from './defined-fields';

/** The widest range one listing expands (a year, and a day for time zones). */
export const MAX_EVENT_RANGE_DAYS = 367;
/** At most this many instances in one answer: a range that holds more must be narrowed. */
export const MAX_EVENT_OCCURRENCES = 5000;

export interface EventOccurrence {
  object: PimObject;
  start: Date;
  end: Date;
  allDay: boolean;
  summary: string | null;
  location: string | null;
  recurrenceId: Date | null;
}

function notFound(): FoyerError {
  return new FoyerError(404, PimErrorCode.ObjectNotFound, 'No such event in this calendar');
}

/** A `from`/`to` pair checked: both instants, `to` after `from`, at most MAX_EVENT_RANGE_DAYS. */
export function eventRange(from: string, to: string): TimeRange {
  const start = new Date(from);
  const end = new Date(to);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
    throw new FoyerError(400, PimErrorCode.InvalidTimeRange, 'from and to are ISO 8601 instants');
  }
  if (end.getTime() <= start.getTime()) {
    throw new FoyerError(400, PimErrorCode.InvalidTimeRange, 'to must be after from');
  }
  if (end.getTime() - start.getTime() > MAX_EVENT_RANGE_DAYS * 24 * 3600 * 1000) {
    throw new FoyerError(
      400,
      PimErrorCode.InvalidTimeRange,
      `A range spans at most ${MAX_EVENT_RANGE_DAYS} days`,
    );
  }
  return { start, end };
}

/**
 * Events for the web app: instances in a range with recurrences expanded (the model's
 * expansion, the same as CalDAV's time-range queries), and events by id built from and into
 * iCalendar with ical.js, stored through PimObjectsService.
 */
@Injectable()
export class EventsService {
  constructor(
    private readonly collections: PimCollectionsService,
    private readonly objects: PimObjectsService,
    private readonly lookup: PimObjectLookupRepository,
  ) {}

  async occurrences(
    actor: PimActor,
    calendarId: string,
    range: TimeRange,
  ): Promise<EventOccurrence[]> {
    const { collection } = await this.calendar(actor, calendarId, 'read');
    const objects = await this.objects.calendarQuery(
      actor,
      { id: collection.id },
      { component: 'VEVENT', range: { start: range.start, end: range.end } },
    );
    const found: EventOccurrence[] = [];
    const yielder = new EventLoopYielder();
    for (const object of objects) {
      await yielder.maybeYield();
      for (const occurrence of expandOccurrences(object.content, range)) {
        found.push({
          object,
          start: occurrence.start,
          end: occurrence.end,
          allDay: occurrence.allDay,
          summary: occurrence.summary,
          location: componentDetails(occurrence.component).location,
          recurrenceId: occurrence.recurrenceId,
        });
        if (found.length > MAX_EVENT_OCCURRENCES) {
          throw new FoyerError(
            400,
            PimErrorCode.InvalidTimeRange,
            `More than ${MAX_EVENT_OCCURRENCES} events in this range: ask for a shorter one`,
          );
        }
      }
    }
    return found.sort(
      (a, b) => a.start.getTime() - b.start.getTime() || a.object.uid.localeCompare(b.object.uid),
    );
  }

  async get(actor: PimActor, calendarId: string, eventId: string): Promise<PimObject> {
    const { householdId, collection } = await this.calendar(actor, calendarId, 'read');
    const handle = await this.lookup.findHandle(householdId, collection.id, eventId);
    if (!handle) throw notFound();
    return this.objects.get(actor, { id: collection.id }, handle.href);
  }

  async create(actor: PimActor, calendarId: string, fields: EventFields): Promise<PimObject> {
    const { collection } = await this.calendar(actor, calendarId, 'write');
    const uid = randomUUID();
    const text = buildEvent(fields, uid);
    const { object } = await this.objects.put(actor, { id: collection.id }, `${uid}.ics`, text, {
      ifNoneMatch: '*',
    });
    return object;
  }

  /** PATCH (`replace: false`: absent fields stay) or PUT (`replace: true`: they are cleared). */
  async change(
    actor: PimActor,
    calendarId: string,
    eventId: string,
    changes: EventChanges,
    options: { replace: boolean; ifMatch?: string },
  ): Promise<PimObject> {
    const current = await this.get(actor, calendarId, eventId);
    const complete: EventChanges = options.replace
      ? {
          allDay: false,
          location: null,
          description: null,
          rrule: null,
          timeZone: null,
          ...definedFields(changes),
        }
      : definedFields(changes);
    const text = changeEvent(current.content, complete);
    const { object } = await this.objects.put(
      actor,
      { id: current.collectionId },
      current.href,
      text,
      { ifMatch: options.ifMatch ?? current.etag },
    );
    return object;
  }

  async delete(
    actor: PimActor,
    calendarId: string,
    eventId: string,
    ifMatch?: string,
  ): Promise<void> {
    const { householdId, collection } = await this.calendar(actor, calendarId, 'write');
    const handle = await this.lookup.findHandle(householdId, collection.id, eventId);
    if (!handle) throw notFound();
    await this.objects.delete(actor, { id: collection.id }, handle.href, { ifMatch });
  }

  private async calendar(actor: PimActor, id: string, intent: 'read' | 'write') {
    const opened = await this.collections.open(actor, { id }, intent);
    if (opened.collection.kind !== 'calendar') {
      throw new FoyerError(404, PimErrorCode.CollectionNotFound, 'No such calendar');
    }
    return opened;
  }
}
