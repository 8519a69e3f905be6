import { Command } from 'commander';
import { loadConfig } from '@foyer/core';
import { MasterKeyRotation } from '@foyer/households';
import { withApplication } from '../cli-application';

/** `foyer keys rotate-master` */
export function keysCommand(): Command {
  const keys = new Command('keys').description('the master key and the households’ data keys');
  keys
    .command('rotate-master')
    .description(
      'rewrap every data key with the current master key (objects are not touched). With ' +
        'FOYER_MASTER_KEY(_FILE), set the new key first and the old one in ' +
        'FOYER_PREVIOUS_MASTER_KEYS; with the generated key, a new one is made',
    )
    .action(async () => {
      const report = await withApplication(loadConfig(), (app) =>
        app.get(MasterKeyRotation).rotate(),
      );
      const made = report.generatedNewKey ? 'New master key generated; ' : '';
      process.stdout.write(
        `${made}${report.rewrapped} data key(s) rewrapped, ${report.alreadyCurrent} already wrapped by the current master key\n`,
      );
      if (!report.generatedNewKey && report.rewrapped === 0) {
        process.stdout.write(
          'Nothing to rotate: configure the new FOYER_MASTER_KEY and the old one in FOYER_PREVIOUS_MASTER_KEYS first\n',
        );
      }
    });
  return keys;
}
