import { Injectable } from '@nestjs/common';
import { toHouseholdId } from '@foyer/core';
import { HouseholdUsageMeter } from '@foyer/households';
import { FileNodeRepository } from '../repositories/file-node.repository';

/** The real usage meter: the sum of each household's file sizes, trash included. */
@Injectable()
export class FilesUsageMeter extends HouseholdUsageMeter {
  constructor(private readonly nodes: FileNodeRepository) {
    super();
  }

  async bytesUsed(householdIds: readonly string[]): Promise<Map<string, number>> {
    const used = new Map<string, number>();
    for (const id of householdIds) {
      used.set(id, await this.nodes.usedBytes(toHouseholdId(id)));
    }
    return used;
  }
}
