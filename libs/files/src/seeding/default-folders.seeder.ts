import { Injectable } from '@nestjs/common';
import { HouseholdId } from '@foyer/core';
import { HouseholdSeedContext, HouseholdSeeder } from '@foyer/households';
import { DEFAULT_LANGUAGE, SharedWords, type SharedWordKey } from '@foyer/mail';
import { FileNodeRepository } from '../repositories/file-node.repository';

/** The folders every new household starts with, by their words (shared with the web app). */
const DEFAULT_FOLDER_WORDS: readonly SharedWordKey[] = [
  'folder.documents',
  'folder.photos',
  'folder.shared',
];

/** The default folders' names in a language. */
export function defaultFolders(context: HouseholdSeedContext): string[] {
  const words = new SharedWords(context.language);
  return DEFAULT_FOLDER_WORDS.map((key) => words.t(key));
}

/** The folders of a household created by an English-speaking account. */
export const DEFAULT_FOLDERS: readonly string[] = defaultFolders({ language: DEFAULT_LANGUAGE });

/**
 * Gives a new household its folders, named in its creator's language. Idempotent: a folder that
 * exists (from an earlier run, or made by a member since) is left alone, so a retried
 * provisioning adds nothing.
 */
@Injectable()
export class DefaultFoldersSeeder extends HouseholdSeeder {
  constructor(private readonly fileNodes: FileNodeRepository) {
    super();
  }

  async seed(
    householdId: HouseholdId,
    context: HouseholdSeedContext = { language: DEFAULT_LANGUAGE },
  ): Promise<void> {
    await this.fileNodes.ensureRootFolders(householdId, defaultFolders(context));
  }
}
