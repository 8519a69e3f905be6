import { Injectable } from '@nestjs/common';
import { FoyerError, HouseholdId, HouseholdScope } from '@foyer/core';
import { FilesErrorCode } from '../files-error-code';
import { FileNodeRepository } from '../repositories/file-node.repository';
import { StorageReservationRepository } from '../repositories/storage-reservation.repository';
import { StorageEntitlements } from './storage-entitlements';

/** How long a reservation lives without being refreshed (a killed process frees it after this). */
export const RESERVATION_TTL_SECONDS = 15 * 60;

/** Bytes held for one upload or copy while it runs. */
export interface Reservation {
  householdId: HouseholdId;
  id: string;
  bytes: number;
  quota: number;
}

export function quotaExceeded(quota: number, used: number, wanted: number): FoyerError {
  return new FoyerError(
    507,
    FilesErrorCode.QuotaExceeded,
    `This household's storage quota is ${quota} bytes; ${used} are used or reserved, and ${wanted} more do not fit`,
    { quotaBytes: quota },
  );
}

/**
 * The storage quota: what files use (trash included) plus what running uploads have reserved,
 * never more than the entitlement. Every check-and-reserve holds the household's advisory lock,
 * so two uploads at once cannot both take the last bytes.
 */
@Injectable()
export class StorageQuotaService {
  constructor(
    private readonly scope: HouseholdScope,
    private readonly entitlements: StorageEntitlements,
    private readonly nodes: FileNodeRepository,
    private readonly reservations: StorageReservationRepository,
  ) {}

  quotaBytes(householdId: HouseholdId): Promise<number | null> {
    return this.entitlements.quotaBytes(householdId);
  }

  usedBytes(householdId: HouseholdId): Promise<number> {
    return this.nodes.usedBytes(householdId);
  }

  /** Reserves `bytes`, or throws 507 QUOTA_EXCEEDED. Undefined when the household has no limit. */
  async reserve(householdId: HouseholdId, bytes: number): Promise<Reservation | undefined> {
    const quota = await this.entitlements.quotaBytes(householdId);
    if (quota === null) return undefined;
    return this.scope.run(householdId, async () => {
      await this.nodes.lockHousehold(householdId);
      const used = await this.taken(householdId);
      if (used + bytes > quota) throw quotaExceeded(quota, used, bytes);
      const id = await this.reservations.create(householdId, bytes, RESERVATION_TTL_SECONDS);
      return { householdId, id, bytes, quota };
    });
  }

  /**
   * Grows (or refreshes) a reservation to at least `bytes`, and up to `preferred` (room to
   * stream on without asking again) as far as the quota allows; throws 507 when `bytes` does
   * not fit.
   */
  async grow(reservation: Reservation, bytes: number, preferred = bytes): Promise<void> {
    const { householdId } = reservation;
    await this.scope.run(householdId, async () => {
      await this.nodes.lockHousehold(householdId);
      const others = await this.taken(householdId, reservation.id);
      // As much of `preferred` as there is room for: the first upload to ask takes the room it
      // can use, so of several streamed uploads that cannot all fit, one finishes.
      const target = Math.max(bytes, Math.min(preferred, reservation.quota - others));
      if (others + target > reservation.quota)
        throw quotaExceeded(reservation.quota, others, bytes);
      await this.reservations.update(householdId, reservation.id, target, RESERVATION_TTL_SECONDS);
      reservation.bytes = target;
    });
  }

  /** Gives the bytes back (inside the caller's transaction when there is one). */
  async release(reservation: Reservation | undefined): Promise<void> {
    if (reservation) await this.reservations.delete(reservation.householdId, reservation.id);
  }

  private async taken(householdId: HouseholdId, exceptReservation?: string): Promise<number> {
    return (
      (await this.nodes.usedBytes(householdId)) +
      (await this.reservations.reservedBytes(householdId, exceptReservation))
    );
  }
}
