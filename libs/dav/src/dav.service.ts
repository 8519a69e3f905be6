import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { FoyerError, HouseholdId } from '@foyer/core';
import { etagOf, FileItem, FilesActor, FilesErrorCode, FilesService } from '@foyer/files';
import { HouseholdAccessService, HouseholdPermission } from '@foyer/households';
import { DavConditionError } from './dav-exception.filter';
import { parseLastModified } from './dav-mtime';
import { DavTarget, hrefOf, nfcPath } from './dav-paths';
import {
  DAV_NS,
  escapeXml,
  PropertyName,
  PropertyUpdate,
  PropfindRequest,
  propertyXml,
} from './dav-xml';
import { DeadProperty, DeadPropertyRepository } from './repositories/dead-property.repository';

/** Children are read in pages of this many. */
const PAGE = 1000;
/** Dead properties are read for this many resources at once (each holds at most 256 KiB). */
const DEAD_BATCH = 100;
/** What one file or folder keeps in dead properties (PROPFIND allprop answers all of them). */
const MAX_DEAD_PER_NODE = { count: 256, bytes: 256 * 1024 };

/** The live properties served, in this order. */
const LIVE_PROPERTIES = [
  'resourcetype',
  'getcontentlength',
  'getcontenttype',
  'getetag',
  'getlastmodified',
  'creationdate',
  'displayname',
  'quota-available-bytes',
  'quota-used-bytes',
  'supportedlock',
  'lockdiscovery',
] as const;

/** Live properties a PROPPATCH may set: the modification time (see `parseLastModified`). */
const MTIME_PROPERTIES = new Set(['getlastmodified', 'lastmodified']);

/** RFC 4331 §3/§4: the quota properties are not part of allprop. */
const NOT_IN_ALLPROP = new Set<string>(['quota-available-bytes', 'quota-used-bytes']);

export type Depth = '0' | '1' | 'infinity';

/** A resource as PROPFIND shows it: the root (no node) or a file or folder. */
interface Resource {
  names: string[];
  item: FileItem | null;
}

interface Quota {
  usedBytes: number;
  quotaBytes: number | null;
}

function conflict(message: string): FoyerError {
  return new FoyerError(409, 'DAV_CONFLICT', message);
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof FoyerError && error.code === code;
}

/** Parses a Depth header; absent means infinity (RFC 4918 §10.2). */
export function parseDepth(header: string | undefined): Depth {
  const value = (header ?? 'infinity').trim().toLowerCase();
  if (value === '0' || value === '1' || value === 'infinity') return value;
  throw new FoyerError(400, 'DAV_BAD_DEPTH', 'Depth is 0, 1 or infinity');
}

/**
 * WebDAV on FilesService: every read and change goes through it (membership, permissions,
 * read-only households, quota), this layer only maps the RFC 4918 semantics onto it.
 */
@Injectable()
export class DavService {
  constructor(
    private readonly files: FilesService,
    private readonly access: HouseholdAccessService,
    private readonly deadProperties: DeadPropertyRepository,
  ) {}

  /** Checks the caller may read the household (404 otherwise) and that the target exists. */
  async exists(actor: FilesActor, target: DavTarget): Promise<void> {
    if (target.names.length === 0) await this.files.usage(actor);
    else await this.files.stat(actor, target.path);
  }

  stat(actor: FilesActor, target: DavTarget): Promise<FileItem> {
    return this.files.stat(actor, target.path);
  }

  openContent(item: FileItem, range?: { start: number; end: number }) {
    return this.files.openContent(item, range);
  }

  /**
   * PROPFIND: the multistatus body, as parts to stream (one `D:response` each, children read a
   * page at a time). What can be refused is refused before the first part: Depth infinity
   * (403 propfind-finite-depth), a missing target (404).
   */
  async propfind(
    actor: FilesActor,
    target: DavTarget,
    depth: Depth,
    request: PropfindRequest,
    lockDiscovery: (path: string) => string = () => '',
  ): Promise<AsyncIterable<string>> {
    if (depth === 'infinity') {
      throw new DavConditionError(
        403,
        'propfind-finite-depth',
        'PROPFIND with Depth: infinity is not served; use Depth 0 or 1',
      );
    }
    const quota = await this.files.usage(actor);
    const top: Resource = { names: target.names, item: null };
    if (target.names.length > 0) top.item = await this.files.stat(actor, target.path);
    const householdId = top.item
      ? top.item.householdId
      : this.access.householdId(
          await this.access.require(actor.userId, actor.hid, HouseholdPermission.View),
        );
    const withChildren = depth === '1' && (!top.item || top.item.node.kind === 'folder');
    const responses = async function* (this: DavService): AsyncGenerator<string> {
      yield '<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:">';
      yield* this.responsesXml(householdId, target.slug, [top], quota, request, lockDiscovery);
      for (let offset = 0; withChildren; offset += PAGE) {
        const page = await this.files.list(actor, target.path, PAGE, offset);
        const children = page.items.map((item) => ({
          names: [...target.names, item.node.name],
          item,
        }));
        yield* this.responsesXml(householdId, target.slug, children, quota, request, lockDiscovery);
        if (page.items.length < PAGE || offset + PAGE >= page.total) break;
      }
      yield '</D:multistatus>';
    };
    return responses.call(this);
  }

  /** The `D:response` of each resource of a page, with their dead properties read at once. */
  private async *responsesXml(
    householdId: HouseholdId,
    slug: string,
    resources: readonly Resource[],
    quota: Quota,
    request: PropfindRequest,
    lockDiscovery: (path: string) => string,
  ): AsyncGenerator<string> {
    for (let start = 0; start < resources.length; start += DEAD_BATCH) {
      const batch = resources.slice(start, start + DEAD_BATCH);
      const nodeIds = batch.flatMap((resource) => (resource.item ? [resource.item.node.id] : []));
      const byNode = new Map<string, DeadProperty[]>();
      for (const property of await this.deadProperties.forNodes(householdId, nodeIds)) {
        const held = byNode.get(property.nodeId);
        if (held) held.push(property);
        else byNode.set(property.nodeId, [property]);
      }
      for (const resource of batch) {
        yield this.responseXml(
          slug,
          resource,
          quota,
          request,
          resource.item ? (byNode.get(resource.item.node.id) ?? []) : [],
          lockDiscovery(nfcPath(resource)),
        );
      }
    }
  }

  /** PUT: 201 created, 204 replaced; 409 when the parent folder is missing. */
  async put(
    actor: FilesActor,
    target: DavTarget,
    body: Readable,
    options: {
      contentLength?: number;
      contentType?: string;
      ifMatch?: string;
      ifNoneMatch?: string;
      modifiedAt?: Date;
    },
  ): Promise<{ created: boolean; etag: string }> {
    if (target.names.length === 0) {
      body.resume();
      throw new FoyerError(405, 'DAV_METHOD_NOT_ALLOWED', 'The root is a collection');
    }
    try {
      const { item, created } = await this.files.upload(actor, target.path, body, options);
      return { created, etag: etagOf(item.node) };
    } catch (error) {
      // The only NOT_FOUND an upload raises is its missing folder: RFC 4918 §9.7.1 says 409.
      if (isCode(error, FilesErrorCode.NotFound))
        throw conflict('The parent collection is missing');
      throw error;
    }
  }

  /** MKCOL: 201; 405 when something is there; 409 when the parent is missing. */
  async mkcol(actor: FilesActor, target: DavTarget): Promise<void> {
    if (target.names.length === 0) {
      throw new FoyerError(405, 'DAV_METHOD_NOT_ALLOWED', 'The root already exists');
    }
    await this.assertParentFolder(actor, target);
    if (await this.lookup(actor, target)) {
      throw new FoyerError(405, 'DAV_METHOD_NOT_ALLOWED', 'Something already exists there');
    }
    try {
      await this.files.createFolder(actor, target.path);
    } catch (error) {
      if (isCode(error, FilesErrorCode.NameTaken)) {
        throw new FoyerError(405, 'DAV_METHOD_NOT_ALLOWED', 'Something already exists there');
      }
      throw error;
    }
  }

  /** DELETE: to the trash, like the REST API. */
  async delete(actor: FilesActor, target: DavTarget): Promise<void> {
    if (target.names.length === 0) {
      throw new FoyerError(403, 'DAV_FORBIDDEN', 'The root cannot be deleted');
    }
    await this.files.trash(actor, target.path);
  }

  /**
   * COPY and MOVE within the household. Overwrite (default T) replaces what is at the
   * destination (it goes to the trash); F refuses with 412. 201 when the destination was new,
   * 204 when it was replaced.
   */
  async transfer(
    actor: FilesActor,
    kind: 'copy' | 'move',
    source: DavTarget,
    destination: DavTarget,
    depth: Depth,
    overwrite: boolean,
  ): Promise<{ created: boolean }> {
    if (source.names.length === 0 || destination.names.length === 0) {
      throw new FoyerError(403, 'DAV_FORBIDDEN', 'The root cannot be copied, moved or replaced');
    }
    if (destination.slug !== source.slug) {
      throw new FoyerError(403, 'DAV_FORBIDDEN', 'The Destination must be in the same household');
    }
    const item = await this.files.stat(actor, source.path);
    const destinationPath = `/${destination.names.map((name) => name.normalize('NFC')).join('/')}`;
    if (item.path === destinationPath) {
      throw new FoyerError(403, 'DAV_FORBIDDEN', 'The source and the destination are the same');
    }
    const isFolder = item.node.kind === 'folder';
    if (kind === 'move' && isFolder && depth !== 'infinity') {
      throw new FoyerError(400, 'DAV_BAD_DEPTH', 'MOVE of a collection is Depth: infinity');
    }
    if (kind === 'copy' && isFolder && depth === '1') {
      throw new FoyerError(400, 'DAV_BAD_DEPTH', 'COPY takes Depth 0 or infinity');
    }
    await this.assertParentFolder(actor, destination);
    const existing = await this.lookup(actor, destination);
    if (existing && !overwrite) {
      throw new FoyerError(
        412,
        FilesErrorCode.PreconditionFailed,
        'Overwrite: F and the destination exists',
      );
    }
    if (existing) await this.files.trash(actor, destination.path);
    if (kind === 'move') await this.files.move(actor, source.path, destination.path);
    else if (isFolder && depth === '0') await this.files.createFolder(actor, destination.path);
    else await this.files.copy(actor, source.path, destination.path);
    return { created: !existing };
  }

  /**
   * PROPPATCH: sets and removes dead properties, all or none. Live (DAV:) properties are
   * protected — 403 for them and 424 for the rest, nothing changed — except the modification
   * time: setting `DAV:getlastmodified` (or rclone's `DAV:lastmodified`) keeps the client's date.
   * The root has none.
   */
  async proppatch(
    actor: FilesActor,
    target: DavTarget,
    updates: readonly PropertyUpdate[],
  ): Promise<string> {
    const access = await this.access.require(
      actor.userId,
      actor.hid,
      HouseholdPermission.WriteData,
    );
    this.access.assertWritable(access);
    if (target.names.length === 0) {
      throw new FoyerError(403, 'DAV_FORBIDDEN', 'The root has no writable properties');
    }
    const item = await this.files.stat(actor, target.path);
    const isMtime = (update: PropertyUpdate) =>
      update.kind === 'set' && update.name.ns === DAV_NS && MTIME_PROPERTIES.has(update.name.local);
    const isProtected = (update: PropertyUpdate) => update.name.ns === DAV_NS && !isMtime(update);
    const refused = updates.some(isProtected);
    if (!refused) {
      const mtimes = updates.filter(isMtime);
      const dates = mtimes.map((update) =>
        parseLastModified(update.kind === 'set' ? update.value : ''),
      );
      const deadUpdates = updates.filter((update) => update.name.ns !== DAV_NS);
      // Setting a date is a change of the file's own (a child's only on theirs): checked first.
      if (dates.length > 0) await this.files.assertMayRemove(actor, target.path, false);
      if (deadUpdates.length > 0) {
        await this.deadProperties.apply(
          item.householdId,
          item.node.id,
          deadUpdates.map((update) =>
            update.kind === 'set'
              ? { kind: 'set', ns: update.name.ns, local: update.name.local, value: update.value }
              : { kind: 'remove', ns: update.name.ns, local: update.name.local },
          ),
          MAX_DEAD_PER_NODE,
        );
      }
      // After the dead properties, which may still be refused: a refused PROPPATCH changes nothing.
      if (dates.length > 0)
        await this.files.setModifiedAt(actor, target.path, dates[dates.length - 1]);
    }
    const byStatus = new Map<string, string[]>();
    for (const update of updates) {
      const status = !refused
        ? '200 OK'
        : isProtected(update)
          ? '403 Forbidden'
          : '424 Failed Dependency';
      byStatus.set(status, [...(byStatus.get(status) ?? []), propertyXml(update.name)]);
    }
    const propstats = [...byStatus.entries()].map(
      ([status, props]) =>
        `<D:propstat><D:prop>${props.join('')}</D:prop><D:status>HTTP/1.1 ${status}</D:status></D:propstat>`,
    );
    const href = hrefOf(target.slug, target.names, item.node.kind === 'folder');
    return (
      '<?xml version="1.0" encoding="utf-8"?>\n' +
      `<D:multistatus xmlns:D="DAV:"><D:response><D:href>${escapeXml(href)}</D:href>` +
      `${propstats.join('')}</D:response></D:multistatus>`
    );
  }

  /** Is anything at the target? */
  async found(actor: FilesActor, target: DavTarget): Promise<boolean> {
    if (target.names.length === 0) return true;
    return (await this.lookup(actor, target)) !== undefined;
  }

  /** What is at the target, if anything (the root is not an item). */
  async lookup(actor: FilesActor, target: DavTarget): Promise<FileItem | undefined> {
    try {
      return await this.files.stat(actor, target.path);
    } catch (error) {
      if (isCode(error, FilesErrorCode.NotFound)) return undefined;
      throw error;
    }
  }

  /** 409 when the folder the target goes into is missing or is a file. */
  private async assertParentFolder(actor: FilesActor, target: DavTarget): Promise<void> {
    const parent = target.names.slice(0, -1);
    if (parent.length === 0) {
      await this.files.usage(actor);
      return;
    }
    let folder: FileItem;
    try {
      folder = await this.files.stat(actor, `/${parent.join('/')}`);
    } catch (error) {
      if (isCode(error, FilesErrorCode.NotFound) || isCode(error, FilesErrorCode.NotAFolder)) {
        throw conflict('The parent collection is missing');
      }
      throw error;
    }
    if (folder.node.kind !== 'folder') throw conflict('The parent is not a collection');
  }

  private responseXml(
    slug: string,
    resource: Resource,
    quota: Quota,
    request: PropfindRequest,
    dead: readonly DeadProperty[],
    lockDiscovery: string,
  ): string {
    const node = resource.item?.node;
    const collection = !node || node.kind === 'folder';
    const href = hrefOf(slug, resource.names, collection);
    const values = new Map<string, string>();
    values.set('resourcetype', collection ? '<D:collection/>' : '');
    if (node && node.kind === 'file') {
      values.set('getcontentlength', String(node.size));
      values.set('getcontenttype', escapeXml(node.contentType ?? 'application/octet-stream'));
    }
    if (node) {
      values.set('getetag', escapeXml(etagOf(node)));
      values.set('getlastmodified', node.modifiedAt.toUTCString());
      values.set('creationdate', node.createdAt.toISOString());
    }
    values.set(
      'supportedlock',
      ['exclusive', 'shared']
        .map(
          (scope) =>
            `<D:lockentry><D:lockscope><D:${scope}/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockentry>`,
        )
        .join(''),
    );
    values.set('lockdiscovery', lockDiscovery);
    values.set('displayname', escapeXml(node ? node.name : slug));
    if (collection) {
      values.set('quota-used-bytes', String(quota.usedBytes));
      if (quota.quotaBytes !== null) {
        values.set(
          'quota-available-bytes',
          String(Math.max(0, quota.quotaBytes - quota.usedBytes)),
        );
      }
    }
    const found: string[] = [];
    const missing: string[] = [];
    if (request.kind === 'propname') {
      for (const local of LIVE_PROPERTIES) {
        if (values.has(local)) found.push(propertyXml({ ns: DAV_NS, local }));
      }
      for (const property of dead) found.push(propertyXml(property));
    } else {
      const wanted: PropertyName[] =
        request.kind === 'prop'
          ? request.names
          : LIVE_PROPERTIES.filter((local) => !NOT_IN_ALLPROP.has(local)).map((local) => ({
              ns: DAV_NS,
              local,
            }));
      const deadByName = new Map(
        dead.map((property) => [`{${property.ns}}${property.local}`, property]),
      );
      for (const name of wanted) {
        const deadValue = deadByName.get(`{${name.ns}}${name.local}`);
        const value =
          name.ns === DAV_NS ? values.get(name.local) : deadValue && escapeXml(deadValue.value);
        if (value === undefined) missing.push(propertyXml(name));
        else found.push(value === '' ? propertyXml(name) : propertyXml(name, value));
      }
      if (request.kind === 'allprop') {
        for (const property of dead) {
          found.push(propertyXml(property, escapeXml(property.value)));
        }
      }
    }
    const propstats = [];
    if (found.length > 0 || missing.length === 0) {
      propstats.push(
        `<D:propstat><D:prop>${found.join('')}</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>`,
      );
    }
    if (missing.length > 0) {
      propstats.push(
        `<D:propstat><D:prop>${missing.join('')}</D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>`,
      );
    }
    return `<D:response><D:href>${escapeXml(href)}</D:href>${propstats.join('')}</D:response>`;
  }
}
