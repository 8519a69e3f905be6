import { Transform, TransformCallback } from 'node:stream';
import { Reservation, StorageQuotaService } from '../quota/storage-quota.service';

/** An upload without Content-Length asks for this much more room at a time. */
const GROWTH_STEP = 16 * 1024 * 1024;
/** A reservation is refreshed at least this often while bytes flow. */
const REFRESH_MS = 60 * 1000;

/**
 * Passes an upload's bytes through while counting them against its reservation: when the count
 * would pass what is reserved, it asks the quota for more (pausing the stream meanwhile), and
 * fails the stream with 507 QUOTA_EXCEEDED when there is none. Without a reservation (no quota)
 * it only counts.
 */
export class UploadMeter extends Transform {
  bytes = 0;
  private refreshedAt = Date.now();

  constructor(
    private readonly quota: StorageQuotaService,
    private readonly reservation: Reservation | undefined,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const bytes = this.bytes + chunk.length;
    const reservation = this.reservation;
    if (
      !reservation ||
      (bytes <= reservation.bytes && Date.now() - this.refreshedAt < REFRESH_MS)
    ) {
      this.bytes = bytes;
      callback(null, chunk);
      return;
    }
    const wanted = Math.max(bytes, reservation.bytes);
    this.quota
      .grow(reservation, wanted, bytes > reservation.bytes ? wanted + GROWTH_STEP : wanted)
      .then(
        () => {
          this.refreshedAt = Date.now();
          this.bytes = bytes;
          callback(null, chunk);
        },
        (error: Error) => callback(error),
      );
  }
}
