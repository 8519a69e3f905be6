import { Injectable } from '@nestjs/common';
import { HouseholdId } from '@foyer/core';
import { HouseholdSeeder } from '@foyer/households';
import { FileNodeRepository } from '../repositories/file-node.repository';

/** The folders every new household starts with. */
export const DEFAULT_FOLDERS: readonly string[] = ['Documents', 'Photos', 'Shared'];

/**
 * Gives a new household its folders. Idempotent: a folder that exists (from an earlier run, or
 * made by a member since) is left alone, so a retried provisioning adds nothing.
 */
@Injectable()
export class DefaultFoldersSeeder extends HouseholdSeeder {
  constructor(private readonly fileNodes: FileNodeRepository) {
    super();
  }

  async seed(householdId: HouseholdId): Promise<void> {
    await this.fileNodes.ensureRootFolders(householdId, DEFAULT_FOLDERS);
  }
}
