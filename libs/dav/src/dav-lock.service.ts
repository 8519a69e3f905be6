import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { FoyerError, HouseholdId } from '@foyer/core';
import { etagOf, FilesActor, FilesService } from '@foyer/files';
import { HouseholdAccessService, HouseholdPermission, roleMay } from '@foyer/households';
import { DavErrorCode } from './dav-error-code';
import { DavConditionError } from './dav-exception.filter';
import {
  ifHeaderHolds,
  IfResourceState,
  parseIfHeader,
  submittedLockTokens,
} from './dav-if-header';
import { DavTarget, hrefOf, nfcPath, parseDestination } from './dav-paths';
import { DavService, Depth } from './dav.service';
import { escapeXml, LockInfo } from './dav-xml';
import { DavLock, DavLockRepository } from './repositories/dav-lock.repository';

/** A lock lives this long unless the client asks otherwise (seconds). */
export const DEFAULT_LOCK_SECONDS = 600;
/**
 * ... and at most this long (`Infinite` gets this). Clients that edit for longer refresh their
 * lock (davfs2, Office and Finder do); a forgotten lock frees itself within the hour.
 */
export const MAX_LOCK_SECONDS = 3600;
/**
 * Live locks a household may hold at once: every PROPFIND reads them for DAV:lockdiscovery, so
 * their number must not be the client's to choose.
 */
export const MAX_LIVE_LOCKS = 500;

const TOKEN = /<urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/gi;
const URN = /^urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The lock tokens named in a `Lock-Token` header. */
export function submittedTokens(header: string | undefined): string[] {
  return [...(header ?? '').matchAll(TOKEN)].map((match) => match[1].toLowerCase());
}

/** The lock ids (UUIDs) among an `If` header's submitted state tokens; others name no lock. */
function lockIdsOf(stateTokens: readonly string[]): string[] {
  return stateTokens.flatMap((token) => {
    const match = URN.exec(token);
    return match ? [match[1].toLowerCase()] : [];
  });
}

function preconditionFailed(message: string): FoyerError {
  return new FoyerError(412, DavErrorCode.PreconditionFailed, message);
}

/** `Timeout: Second-600, Infinite`: the first usable value, capped. */
export function lockSeconds(header: string | undefined): number {
  for (const part of (header ?? '').split(',')) {
    const value = part.trim();
    if (/^infinite$/i.test(value)) return MAX_LOCK_SECONDS;
    const match = /^Second-(\d+)$/i.exec(value);
    if (match) return Math.min(Math.max(Number(match[1]), 1), MAX_LOCK_SECONDS);
  }
  return DEFAULT_LOCK_SECONDS;
}

/** Does `lock` cover `path` (on it, or an ancestor locked with depth infinity)? */
function covers(lock: DavLock, path: string): boolean {
  if (lock.path === path) return true;
  if (lock.depth !== 'infinity') return false;
  return lock.path === '/' || path.startsWith(`${lock.path}/`);
}

function locked(message: string): DavConditionError {
  return new DavConditionError(423, 'lock-token-submitted', message);
}

/**
 * WebDAV class 2: exclusive and shared write locks with timeouts, by path. A change (PUT,
 * DELETE, MKCOL, PROPPATCH, MOVE, COPY's destination) to a locked resource, or to the
 * membership of a locked collection, needs the lock's token in the `If` header, submitted by
 * the user who took the lock; otherwise 423 Locked. Only the lock tokens of the `If` header are
 * evaluated (its entity tags and `Not` are not).
 */
@Injectable()
export class DavLockService {
  constructor(
    private readonly access: HouseholdAccessService,
    private readonly locks: DavLockRepository,
    private readonly dav: DavService,
    private readonly files: FilesService,
  ) {}

  /**
   * Evaluates the `If` header (RFC 4918 §10.4: 412 unless one of its lists holds, entity tags
   * and `Not` included), then refuses (423) a change to these paths unless the caller submitted
   * the tokens of the locks on them.
   */
  async assertMayChange(
    actor: FilesActor,
    requestTarget: DavTarget,
    changes: readonly { path: string; withDescendants: boolean }[],
    ifHeader: string | undefined,
  ): Promise<void> {
    const householdId = await this.householdOf(actor, HouseholdPermission.View);
    const tokens = new Set(await this.evaluateIf(actor, householdId, requestTarget, ifHeader));
    for (const change of changes) {
      const affecting = await this.locks.affecting(
        householdId,
        change.path,
        change.withDescendants,
      );
      for (const lock of affecting) {
        const held = tokens.has(lock.token) && lock.userId === actor.userId;
        if (held) continue;
        // A shared lock is satisfied by the token of any shared lock on the same resource.
        const sharedHeld =
          lock.scope === 'shared' &&
          affecting.some(
            (other) =>
              other.scope === 'shared' &&
              tokens.has(other.token) &&
              other.userId === actor.userId &&
              other.path === lock.path,
          );
        if (!sharedHeld) throw locked(`${lock.path} is locked`);
      }
    }
  }

  /**
   * LOCK with a lockinfo body: a new lock (201 when it created an empty file at an unmapped
   * name, else 200). Without a body: a refresh of the lock named in `If`.
   */
  async lock(
    actor: FilesActor,
    target: DavTarget,
    info: LockInfo | undefined,
    depth: Depth,
    timeoutHeader: string | undefined,
    ifHeader: string | undefined,
  ): Promise<{ status: 200 | 201; token: string; xml: string }> {
    const householdId = await this.householdOf(actor, HouseholdPermission.WriteData);
    const path = nfcPath(target);
    const seconds = lockSeconds(timeoutHeader);
    const expiresAt = new Date(Date.now() + seconds * 1000);
    if (!info) {
      const [token] = lockIdsOf(submittedLockTokens(parseIfHeader(ifHeader)));
      const lock = token ? await this.locks.find(householdId, token) : undefined;
      if (!lock || !covers(lock, path) || lock.userId !== actor.userId) {
        throw preconditionFailed('Refresh a live lock of yours: If: (<token>)');
      }
      await this.locks.refresh(householdId, lock.token, expiresAt);
      return {
        status: 200,
        token: lock.token,
        xml: this.discoveryXml(target.slug, { ...lock, expiresAt }, seconds),
      };
    }
    if (depth === '1') throw new FoyerError(400, 'DAV_BAD_DEPTH', 'LOCK takes Depth 0 or infinity');
    await this.assertMayLock(actor, target, depth === 'infinity');
    const lock: DavLock = {
      token: randomUUID(),
      path,
      depth: depth === '0' ? '0' : 'infinity',
      scope: info.scope,
      owner: info.owner,
      userId: actor.userId,
      expiresAt,
    };
    const outcome = await this.locks.insertUnlessConflict(
      householdId,
      lock,
      (existing) =>
        existing.some((other) => other.scope === 'exclusive' || lock.scope === 'exclusive'),
      MAX_LIVE_LOCKS,
    );
    if (outcome === 'conflict') {
      throw new DavConditionError(423, 'no-conflicting-lock', `${path} is locked`);
    }
    if (outcome === 'too-many') {
      throw new FoyerError(
        507,
        DavErrorCode.TooManyLocks,
        `A household holds at most ${MAX_LIVE_LOCKS} locks at once`,
      );
    }
    let status: 200 | 201 = 200;
    try {
      if (target.names.length > 0 && !(await this.dav.found(actor, target))) {
        await this.dav.put(actor, target, Readable.from([]), { contentLength: 0 });
        status = 201;
      }
    } catch (error) {
      await this.locks.remove(householdId, lock.token);
      throw error;
    }
    return { status, token: lock.token, xml: this.discoveryXml(target.slug, lock, seconds) };
  }

  /**
   * UNLOCK: 204; 409 when the token does not cover the request's resource. Who took the lock may
   * remove it, and so may the household's owners and admins (`data.break-locks`): no member can
   * keep them out of their own files.
   */
  async unlock(
    actor: FilesActor,
    target: DavTarget,
    lockTokenHeader: string | undefined,
  ): Promise<void> {
    const access = await this.access.require(actor.userId, actor.hid, HouseholdPermission.View);
    const householdId = this.access.householdId(access);
    const [token] = submittedTokens(lockTokenHeader);
    if (!token)
      throw new FoyerError(400, 'DAV_BAD_LOCK_TOKEN', 'UNLOCK needs Lock-Token: <urn:uuid:...>');
    const lock = await this.locks.find(householdId, token);
    if (!lock || !covers(lock, nfcPath(target))) {
      throw new DavConditionError(409, 'lock-token-matches-request-uri', 'No such lock here');
    }
    if (lock.userId !== actor.userId && !roleMay(access.role, HouseholdPermission.BreakLocks)) {
      throw new FoyerError(
        403,
        'DAV_FORBIDDEN',
        'Only who took a lock, or an owner or admin, may remove it',
      );
    }
    await this.locks.remove(householdId, token);
  }

  /** After a DELETE or a MOVE away: the locks at and below the old path are gone. */
  async forget(actor: FilesActor, path: string): Promise<void> {
    const householdId = await this.householdOf(actor, HouseholdPermission.View);
    await this.locks.removeAtAndBelow(householdId, path);
  }

  /** DAV:lockdiscovery values for PROPFIND: the live locks covering each path. */
  async discovery(actor: FilesActor, slug: string): Promise<(path: string) => string> {
    const householdId = await this.householdOf(actor, HouseholdPermission.View);
    const live = await this.locks.live(householdId);
    return (path) =>
      live
        .filter((lock) => covers(lock, path))
        .map((lock) =>
          this.activeLockXml(
            slug,
            lock,
            Math.max(1, Math.round((lock.expiresAt.getTime() - Date.now()) / 1000)),
          ),
        )
        .join('');
  }

  /**
   * Taking a lock keeps everyone else from changing what it covers, so it needs the right to
   * change (replace, remove) all of it: a child may lock only what they created (with Depth
   * infinity, everything live below it too), and not the root. An unmapped name is free to lock
   * (the LOCK creates an empty file of the caller's own there).
   */
  private async assertMayLock(
    actor: FilesActor,
    target: DavTarget,
    withDescendants: boolean,
  ): Promise<void> {
    if (target.names.length === 0) {
      await this.access.require(actor.userId, actor.hid, HouseholdPermission.DeleteOthersData);
      return;
    }
    if (!(await this.dav.found(actor, target))) return;
    await this.files.assertMayRemove(actor, target.path, withDescendants);
  }

  /** Checks the `If` header (412 when it does not hold) and returns the lock ids it submits. */
  private async evaluateIf(
    actor: FilesActor,
    householdId: HouseholdId,
    requestTarget: DavTarget,
    ifHeader: string | undefined,
  ): Promise<string[]> {
    const lists = parseIfHeader(ifHeader);
    if (lists.length === 0) return [];
    const holds = await ifHeaderHolds(lists, (resource) =>
      this.stateOf(actor, householdId, requestTarget, resource),
    );
    if (!holds) throw preconditionFailed('The If header does not hold');
    return lockIdsOf(submittedLockTokens(lists));
  }

  /** A resource's entity tag and the tokens of the live locks covering it, for the `If` header. */
  private async stateOf(
    actor: FilesActor,
    householdId: HouseholdId,
    requestTarget: DavTarget,
    resourceTag: string | undefined,
  ): Promise<IfResourceState> {
    let target = requestTarget;
    if (resourceTag !== undefined) {
      try {
        target = parseDestination(resourceTag, undefined);
      } catch {
        return { lockTokens: new Set() };
      }
      if (target.slug !== requestTarget.slug) return { lockTokens: new Set() };
    }
    const item = target.names.length > 0 ? await this.dav.lookup(actor, target) : undefined;
    const locks = await this.locks.affecting(householdId, nfcPath(target), false);
    return {
      etag: item ? etagOf(item.node) : undefined,
      lockTokens: new Set(locks.map((lock) => `urn:uuid:${lock.token}`)),
    };
  }

  private async householdOf(
    actor: FilesActor,
    permission: HouseholdPermission,
  ): Promise<HouseholdId> {
    const access = await this.access.require(actor.userId, actor.hid, permission);
    if (permission === HouseholdPermission.WriteData) this.access.assertWritable(access);
    return this.access.householdId(access);
  }

  private discoveryXml(slug: string, lock: DavLock, seconds: number): string {
    return (
      '<?xml version="1.0" encoding="utf-8"?>\n' +
      `<D:prop xmlns:D="DAV:"><D:lockdiscovery>${this.activeLockXml(slug, lock, seconds)}` +
      '</D:lockdiscovery></D:prop>'
    );
  }

  private activeLockXml(slug: string, lock: DavLock, seconds: number): string {
    const root = hrefOf(slug, lock.path.split('/').filter(Boolean), false);
    return (
      `<D:activelock><D:locktype><D:write/></D:locktype><D:lockscope><D:${lock.scope}/></D:lockscope>` +
      `<D:depth>${lock.depth}</D:depth>${lock.owner ? `<D:owner>${lock.owner}</D:owner>` : ''}` +
      `<D:timeout>Second-${seconds}</D:timeout>` +
      `<D:locktoken><D:href>urn:uuid:${lock.token}</D:href></D:locktoken>` +
      `<D:lockroot><D:href>${escapeXml(root)}</D:href></D:lockroot></D:activelock>`
    );
  }
}
