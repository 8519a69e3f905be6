import { Command } from 'commander';
import { loadConfig } from '@foyer/core';
import { EncryptionProgress, StoredObjectEncryptor } from '@foyer/households';
import { withApplication } from '../cli-application';

function describeProgress(progress: EncryptionProgress): string {
  const done = progress.households - progress.householdsRemaining;
  const state =
    progress.householdsRemaining === 0
      ? 'done: every household refuses objects without envelope'
      : `${progress.householdsRemaining} household(s) may still hold objects stored before encryption`;
  return `${done}/${progress.households} households encrypted, ${progress.objectsEncrypted} objects migrated; ${state}\n`;
}

/** `foyer storage encrypt [--status]` */
export function storageCommand(): Command {
  const storage = new Command('storage').description('object storage maintenance');
  storage
    .command('encrypt')
    .description(
      'encrypt the objects stored before encryption, household by household (resumes where it stopped)',
    )
    .option('--status', 'only tell how far it is')
    .action(async (options: { status?: boolean }) => {
      await withApplication(loadConfig(), async (app) => {
        const encryptor = app.get(StoredObjectEncryptor);
        if (!options.status) {
          await encryptor.run((progress) => process.stderr.write(describeProgress(progress)));
        }
        process.stdout.write(describeProgress(await encryptor.status()));
      });
    });
  return storage;
}
