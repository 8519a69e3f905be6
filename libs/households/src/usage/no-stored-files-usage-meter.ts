import { Injectable } from '@nestjs/common';
import { HouseholdUsageMeter } from './household-usage-meter';

/**
 * The placeholder meter: no file contents are stored yet (the file tree has no sizes), so every
 * household uses 0 bytes. Replaced by the files library's meter (a sum over file sizes).
 */
@Injectable()
export class NoStoredFilesUsageMeter extends HouseholdUsageMeter {
  async bytesUsed(): Promise<Map<string, number>> {
    return new Map();
  }
}
