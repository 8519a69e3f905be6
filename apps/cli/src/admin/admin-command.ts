import { Command } from 'commander';
import { InstanceAdministrators } from '@foyer/accounts';
import { FoyerError, loadConfig } from '@foyer/core';
import { withApplication } from '../cli-application';
import { CliError } from '../cli-error';

type Change = 'grant' | 'revoke';

/** The accounts library's refusals (unknown email, the last administrator) in the CLI's words. */
async function refusalsAsCliErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FoyerError) throw new CliError(`${error.message} (${error.code})`);
    throw error;
  }
}

async function change(kind: Change, email: string): Promise<void> {
  const done = await withApplication(loadConfig(), (app) =>
    refusalsAsCliErrors(() => app.get(InstanceAdministrators)[kind](email)),
  );
  process.stdout.write(
    kind === 'grant'
      ? `${done.email} is an administrator of this Foyer\n`
      : `${done.email} is no longer an administrator of this Foyer\n`,
  );
}

async function list(): Promise<void> {
  const administrators = await withApplication(loadConfig(), (app) =>
    app.get(InstanceAdministrators).list(),
  );
  if (administrators.length === 0) {
    process.stdout.write(
      'This Foyer has no administrator yet: the first account signed up (or the owner of the ' +
        'first household imported) becomes one, or name one with `foyer admin grant <email>`\n',
    );
    return;
  }
  for (const admin of administrators) {
    process.stdout.write(`${admin.email}\t${admin.displayName}\n`);
  }
}

/**
 * `foyer admin grant|revoke <email>`, `foyer admin list`: who administers the instance. For the
 * operator, on the server, with Foyer's settings; the last administrator cannot be revoked.
 */
export function adminCommand(): Command {
  const admin = new Command('admin').description(
    "manage the instance's administrators (accounts that see every household's standing)",
  );
  admin
    .command('list')
    .description('list the instance administrators (email, display name)')
    .action(() => list());
  admin
    .command('grant')
    .description('make an existing account an instance administrator')
    .argument('<email>', "the account's email")
    .action((email: string) => change('grant', email));
  admin
    .command('revoke')
    .description('take the role back (refused for the last administrator)')
    .argument('<email>', "the account's email")
    .action((email: string) => change('revoke', email));
  return admin;
}
