import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@foyer/accounts';
import { FoyerError } from '@foyer/core';
import { escapeXml } from '@foyer/dav';
import { expandedCalendarText } from '../model/icalendar';
import { EventLoopYielder } from '../model/work-budget';
import { CALENDAR_COMPONENTS, MAX_OBJECT_BYTES, PimComponent } from '../model/pim-object-kind';
import type { PimCollection, PimObject, PimObjectHead } from '../model/pim-records';
import type { WriteConditions } from '../model/preconditions';
import { PimErrorCode } from '../pim-error-code';
import type { PimActor, PimCollectionRef } from '../services/pim-actor';
import { PimCollectionsService } from '../services/pim-collections.service';
import {
  CalendarQuery,
  ChangesSince,
  MAX_QUERY_RESULTS,
  PimObjectsService,
} from '../services/pim-objects.service';
import { asDavCondition, PimDavConditionError } from './pim-dav-exception.filter';
import { calendarFilterMatches } from './pim-dav-filters';
import {
  collectionHref,
  homeHref,
  homesHref,
  hrefOf,
  memberName,
  objectHref,
  PimDavTarget,
  principalHref,
} from './pim-dav-paths';
import {
  collectionProps,
  entryFor,
  homeProps,
  K,
  objectProps,
  plainCollectionProps,
  principalProps,
  Props,
  wantsData,
} from './pim-dav-properties';
import type { CollectionPropsUpdate, PropRequest, ReportRequest } from './pim-dav-requests';
import {
  CALDAV_NS,
  CARDDAV_NS,
  clark,
  DAV,
  multistatusXml,
  MULTISTATUS_CLOSE,
  MULTISTATUS_OPEN,
  ResponseEntry,
  responseXml,
} from './pim-dav-xml';

/** Objects read from the database at once while an answer streams: memory stays at a page. */
const PAGE = 100;

type CollectionTarget = Extract<PimDavTarget, { type: 'collection' }>;
type ObjectTarget = Extract<PimDavTarget, { type: 'object' }>;

/** A multistatus of the responses known now, then those produced while it is sent. */
async function* streamed(
  first: readonly string[],
  rest: AsyncIterable<string> | null,
  extra = '',
): AsyncGenerator<string> {
  yield MULTISTATUS_OPEN;
  yield* first;
  if (rest) yield* rest;
  if (extra !== '') yield extra;
  yield MULTISTATUS_CLOSE;
}

function notFound(message = 'Nothing here'): FoyerError {
  return new FoyerError(404, PimErrorCode.CollectionNotFound, message);
}

function forbidden(message: string): FoyerError {
  return new FoyerError(403, 'DAV_FORBIDDEN', message);
}

function actorOf(user: AuthenticatedUser, slug: string): PimActor {
  return { userId: user.id, hid: slug };
}

function refOf(target: CollectionTarget | ObjectTarget): PimCollectionRef {
  return { kind: target.kind, name: target.name };
}

/**
 * CardDAV (RFC 6352) and CalDAV (RFC 4791) semantics on PimCollectionsService and
 * PimObjectsService: PROPFIND over principals, homes, collections and objects, the REPORTs,
 * collection creation and properties. Every permission is the services' own.
 */
@Injectable()
export class PimDavService {
  constructor(
    private readonly collections: PimCollectionsService,
    private readonly objects: PimObjectsService,
  ) {}

  async propfind(
    user: AuthenticatedUser,
    target: PimDavTarget,
    depth: '0' | '1',
    request: PropRequest,
  ): Promise<AsyncIterable<string>> {
    const entries: ResponseEntry[] = [];
    const add = (href: string, props: Props) => entries.push(entryFor(href, props, request));
    let members: AsyncIterable<string> | null = null;
    switch (target.type) {
      case 'root':
        add(hrefOf(target), plainCollectionProps(user, 'Foyer'));
        if (depth === '1') {
          add('/dav/principals/', plainCollectionProps(user, 'Principals'));
          add(homesHref('calendar'), plainCollectionProps(user, 'Calendars'));
          add(homesHref('addressbook'), plainCollectionProps(user, 'Address books'));
        }
        break;
      case 'principals': {
        add(hrefOf(target), plainCollectionProps(user, 'Principals'));
        if (depth === '1') {
          add(principalHref(user.id), principalProps(user, await this.households(user)));
        }
        break;
      }
      case 'principal': {
        if (target.userId !== user.id) throw notFound('No such principal');
        add(hrefOf(target), principalProps(user, await this.households(user)));
        break;
      }
      case 'homes': {
        add(
          hrefOf(target),
          plainCollectionProps(user, target.kind === 'calendar' ? 'Calendars' : 'Address books'),
        );
        if (depth === '1') {
          for (const household of await this.households(user)) {
            add(homeHref(target.kind, household.slug), homeProps(user, household.name));
          }
        }
        break;
      }
      case 'home': {
        const household = await this.household(user, target.slug);
        add(hrefOf(target), homeProps(user, household.name));
        if (depth === '1') {
          const actor = actorOf(user, target.slug);
          for (const collection of await this.collections.list(actor, target.kind)) {
            add(
              collectionHref(target.kind, target.slug, collection.name),
              this.collectionProps(user, collection),
            );
          }
        }
        break;
      }
      case 'collection': {
        const actor = actorOf(user, target.slug);
        const collection = await this.collections.get(actor, refOf(target));
        add(hrefOf(target), this.collectionProps(user, collection));
        if (depth === '1') members = this.memberResponses(actor, target, request);
        break;
      }
      case 'object': {
        const object = await this.objects.get(
          actorOf(user, target.slug),
          refOf(target),
          target.href,
        );
        add(hrefOf(target), objectProps(object, this.dataOf(object, request)));
        break;
      }
    }
    return streamed(entries.map(responseXml), members);
  }

  /** The members of a collection, read a page at a time (their text only when asked). */
  private async *memberResponses(
    actor: PimActor,
    target: CollectionTarget,
    request: PropRequest,
  ): AsyncGenerator<string> {
    const data = wantsData(request);
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.objects.list(actor, refOf(target), {
        withContent: data,
        limit: PAGE,
        offset,
      });
      for (const object of page) yield this.entryXml(target, object, request);
      if (page.length < PAGE) return;
    }
  }

  async getObject(user: AuthenticatedUser, target: ObjectTarget): Promise<PimObject> {
    return this.objects.get(actorOf(user, target.slug), refOf(target), target.href);
  }

  /** Checks the target exists for this user (OPTIONS, GET on a collection). */
  async assertExists(user: AuthenticatedUser, target: PimDavTarget): Promise<void> {
    switch (target.type) {
      case 'principal':
        if (target.userId !== user.id) throw notFound('No such principal');
        return;
      case 'home':
        await this.household(user, target.slug);
        return;
      case 'collection':
        await this.collections.get(actorOf(user, target.slug), refOf(target));
        return;
      case 'object':
        await this.getObject(user, target);
        return;
      default:
        return;
    }
  }

  async put(
    user: AuthenticatedUser,
    target: ObjectTarget,
    text: string,
    conditions: WriteConditions,
  ): Promise<{ created: boolean; etag: string }> {
    try {
      const { created, object } = await this.objects.put(
        actorOf(user, target.slug),
        refOf(target),
        target.href,
        text,
        conditions,
      );
      return { created, etag: object.etag };
    } catch (error) {
      throw asDavCondition(error, target.kind);
    }
  }

  async delete(
    user: AuthenticatedUser,
    target: PimDavTarget,
    conditions: WriteConditions,
  ): Promise<void> {
    if (target.type === 'object') {
      await this.objects.delete(actorOf(user, target.slug), refOf(target), target.href, conditions);
      return;
    }
    if (target.type === 'collection') {
      await this.collections.delete(actorOf(user, target.slug), refOf(target));
      return;
    }
    throw forbidden('Only calendars, address books and their objects can be deleted');
  }

  /**
   * MKCALENDAR (RFC 4791 §5.3.1) and extended MKCOL (RFC 5689): a personal calendar or address
   * book of the caller, in the home the URL names.
   */
  async makeCollection(
    user: AuthenticatedUser,
    target: PimDavTarget,
    method: 'MKCOL' | 'MKCALENDAR',
    update: CollectionPropsUpdate,
  ): Promise<void> {
    if (target.type !== 'collection') {
      throw forbidden('Collections are made inside a calendar or address book home');
    }
    if (method === 'MKCALENDAR' && target.kind !== 'calendar') {
      throw forbidden('MKCALENDAR makes calendars, under /dav/calendars/');
    }
    const wanted =
      target.kind === 'calendar' ? clark(CALDAV_NS, 'calendar') : clark(CARDDAV_NS, 'addressbook');
    if (
      method === 'MKCOL' &&
      update.resourceType.length > 0 &&
      !update.resourceType.includes(wanted)
    ) {
      throw new PimDavConditionError(
        403,
        'DAV_VALID_RESOURCETYPE',
        clark(DAV, 'valid-resourcetype'),
        `Only ${target.kind === 'calendar' ? 'calendars' : 'address books'} are made here`,
      );
    }
    if (update.refused.length > 0) {
      throw forbidden(`These properties cannot be set: ${update.refused.join(', ')}`);
    }
    const components = update.components as PimComponent[] | undefined;
    if (components && components.some((c) => !CALENDAR_COMPONENTS.includes(c))) {
      throw new PimDavConditionError(
        403,
        PimErrorCode.UnsupportedComponent,
        clark(CALDAV_NS, 'supported-calendar-component'),
        'A calendar takes VEVENT, VTODO and/or VJOURNAL',
      );
    }
    await this.collections.create(actorOf(user, target.slug), {
      kind: target.kind,
      name: target.name,
      displayName: update.displayName?.trim() || target.name,
      description: update.description,
      color: update.color,
      components: target.kind === 'calendar' ? components : undefined,
    });
  }

  /** PROPPATCH (all or nothing): display name, description and color of a collection. */
  async proppatch(
    user: AuthenticatedUser,
    target: PimDavTarget,
    update: CollectionPropsUpdate,
  ): Promise<string> {
    const touched = new Map<string, string>();
    if (update.displayName !== undefined) touched.set(K.displayname, '');
    if (update.description !== undefined) {
      touched.set(
        target.type === 'collection' && target.kind === 'addressbook'
          ? K.addressbookDescription
          : K.calendarDescription,
        '',
      );
    }
    if (update.color !== undefined) touched.set(K.calendarColor, '');
    const refused = new Map<string, string>(update.refused.map((key) => [key, '']));
    if (update.resourceType.length > 0) refused.set(K.resourcetype, '');
    if (update.components) refused.set(K.supportedComponents, '');
    if (target.type !== 'collection') {
      await this.assertExists(user, target);
      for (const key of touched.keys()) refused.set(key, '');
      touched.clear();
    }
    let propstats: { status: number; props: Map<string, string> }[];
    if (refused.size > 0) {
      propstats = [
        { status: 403, props: refused },
        { status: 424, props: touched },
      ];
    } else {
      const collectionTarget = target as CollectionTarget;
      await this.collections.update(actorOf(user, collectionTarget.slug), refOf(collectionTarget), {
        displayName: update.displayName,
        description: update.description,
        color: update.color,
      });
      propstats = [{ status: 200, props: touched }];
    }
    return multistatusXml([responseXml({ href: hrefOf(target), propstats })]);
  }

  /**
   * A REPORT's multistatus, as parts to stream: objects are read a page at a time and each
   * becomes one `D:response`. What can be refused (a collection not seen, a report of the other
   * kind, a bad sync-token, a bad range) is refused before the first part.
   */
  async report(
    user: AuthenticatedUser,
    target: PimDavTarget,
    report: ReportRequest,
  ): Promise<AsyncIterable<string>> {
    if (target.type !== 'collection') {
      throw forbidden('REPORTs are served on calendars and address books');
    }
    const actor = actorOf(user, target.slug);
    const ref = refOf(target);
    // 404 for a collection the caller cannot see, before the body is looked at further.
    await this.collections.get(actor, ref);
    const expectsCalendar = report.type === 'calendar-multiget' || report.type === 'calendar-query';
    const expectsContacts =
      report.type === 'addressbook-multiget' || report.type === 'addressbook-query';
    if (
      (expectsCalendar && target.kind !== 'calendar') ||
      (expectsContacts && target.kind !== 'addressbook')
    ) {
      throw forbidden(
        `${report.type} is not served on ${target.kind === 'calendar' ? 'a calendar' : 'an address book'}`,
      );
    }
    switch (report.type) {
      case 'calendar-multiget':
      case 'addressbook-multiget':
        return streamed([], this.multigetResponses(actor, target, report.hrefs, report.props));
      case 'calendar-query': {
        const kindFilter = report.filter.compFilters.find((c) =>
          CALENDAR_COMPONENTS.includes(c.name as PimComponent),
        );
        const query = {
          component: (kindFilter?.name as PimComponent | undefined) ?? null,
          range: kindFilter?.timeRange ?? undefined,
        };
        // The first page is read now, so that a bad range is a 400 rather than a cut answer.
        const first = await this.objects.calendarQueryPage(actor, ref, query, { limit: PAGE });
        return streamed([], this.calendarQueryResponses(actor, target, report, query, first));
      }
      case 'addressbook-query':
        return streamed([], this.contactsQueryResponses(actor, target, report));
      case 'sync-collection': {
        let changes;
        try {
          changes = await this.objects.changesSince(actor, ref, report.token);
        } catch (error) {
          throw asDavCondition(error, target.kind);
        }
        return streamed(
          [],
          this.syncResponses(actor, target, changes, report.props),
          `<D:sync-token>${escapeXml(changes.token)}</D:sync-token>`,
        );
      }
    }
  }

  private entryXml(
    target: CollectionTarget,
    object: PimObject | PimObjectHead,
    props: PropRequest,
  ) {
    return responseXml(
      entryFor(
        objectHref(target.kind, target.slug, target.name, object.href),
        objectProps(object, this.dataOf(object, props)),
        props,
      ),
    );
  }

  /** The asked hrefs in their order, their objects read PAGE at a time; others are 404. */
  private async *multigetResponses(
    actor: PimActor,
    target: CollectionTarget,
    hrefs: readonly string[],
    props: PropRequest,
  ): AsyncGenerator<string> {
    const path = collectionHref(target.kind, target.slug, target.name);
    // Filters and CALDAV:expand cost up to OBJECT_WORK per object: other requests get turns.
    const yielder = new EventLoopYielder();
    for (let start = 0; start < hrefs.length; start += PAGE) {
      const names = hrefs
        .slice(start, start + PAGE)
        .map((h) => ({ href: h, name: memberName(h, path) }));
      const found = await this.objects.multiget(
        actor,
        refOf(target),
        names.map((n) => n.name).filter((n): n is string => n !== null),
      );
      const byName = new Map(found.map((object) => [object.href, object]));
      for (const { href: requested, name } of names) {
        await yielder.maybeYield();
        const object = name === null ? undefined : byName.get(name);
        yield object
          ? this.entryXml(target, object, props)
          : responseXml({ href: requested, status: 404 });
      }
    }
  }

  private async *calendarQueryResponses(
    actor: PimActor,
    target: CollectionTarget,
    report: Extract<ReportRequest, { type: 'calendar-query' }>,
    query: CalendarQuery,
    first: { matching: PimObject[]; candidates: number },
  ): AsyncGenerator<string> {
    const yielder = new EventLoopYielder();
    let page = first;
    for (let offset = 0; ;) {
      for (const object of page.matching) {
        await yielder.maybeYield();
        if (calendarFilterMatches(object.content, report.filter)) {
          yield this.entryXml(target, object, report.props);
        }
      }
      if (page.candidates < PAGE) return;
      offset += PAGE;
      page = await this.objects.calendarQueryPage(actor, refOf(target), query, {
        limit: PAGE,
        offset,
      });
    }
  }

  private async *contactsQueryResponses(
    actor: PimActor,
    target: CollectionTarget,
    report: Extract<ReportRequest, { type: 'addressbook-query' }>,
  ): AsyncGenerator<string> {
    const limit = Math.min(report.limit ?? MAX_QUERY_RESULTS, MAX_QUERY_RESULTS);
    for (let offset = 0; offset < limit; offset += PAGE) {
      const page = await this.objects.contactsQuery(actor, {
        refs: [refOf(target)],
        matches: report.matches,
        test: report.test,
        limit: Math.min(PAGE, limit - offset),
        offset,
      });
      for (const object of page) yield this.entryXml(target, object, report.props);
      if (page.length < PAGE) return;
    }
  }

  /** Changed members (their text read PAGE at a time when asked), then deleted ones (404). */
  private async *syncResponses(
    actor: PimActor,
    target: CollectionTarget,
    changes: ChangesSince,
    props: PropRequest,
  ): AsyncGenerator<string> {
    const data = wantsData(props);
    const yielder = new EventLoopYielder();
    for (let start = 0; start < changes.changed.length; start += PAGE) {
      const heads = changes.changed.slice(start, start + PAGE);
      const withText = data
        ? new Map(
            (
              await this.objects.multiget(
                actor,
                refOf(target),
                heads.map((c) => c.href),
              )
            ).map((o) => [o.href, o]),
          )
        : new Map<string, PimObject>();
      for (const head of heads) {
        await yielder.maybeYield();
        const object = withText.get(head.href);
        yield responseXml(
          entryFor(
            objectHref(target.kind, target.slug, target.name, head.href),
            objectProps(head, object ? this.dataOf(object, props) : null),
            props,
          ),
        );
      }
    }
    for (const name of changes.deleted) {
      yield responseXml({
        href: objectHref(target.kind, target.slug, target.name, name),
        status: 404,
      });
    }
  }

  /** The data an object answers with, as asked (CALDAV:expand rewrites instances). */
  private dataOf(object: PimObject | PimObjectHead, request: PropRequest): string | null {
    if (!wantsData(request) || !('content' in object)) return null;
    if (request.kind === 'prop' && request.expand && object.component !== 'VCARD') {
      return expandedCalendarText(object.content, request.expand);
    }
    return object.content;
  }

  private collectionProps(user: AuthenticatedUser, collection: PimCollection): Props {
    return collectionProps(
      user,
      collection,
      this.collections.syncToken(collection),
      MAX_OBJECT_BYTES,
    );
  }

  private households(user: AuthenticatedUser) {
    return this.collections.households(user.id);
  }

  /** A household of the user by slug (404 otherwise, as for a stranger's). */
  private async household(user: AuthenticatedUser, slug: string) {
    const found = (await this.households(user)).find((h) => h.slug === slug);
    if (!found) throw new FoyerError(404, 'NOT_FOUND', 'No such household');
    return found;
  }
}
