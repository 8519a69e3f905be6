import { ConfigurationError } from '@foyer/core';
import { createProgram, LONG_RUNNING_COMMANDS } from './cli-program';

let longRunning = false;
createProgram()
  .hook('preAction', (_program, action) => {
    longRunning = LONG_RUNNING_COMMANDS.has(action.name());
  })
  .parseAsync(process.argv)
  .then(() => {
    // A one-shot command ends here with the code it set. Left to the event loop, the process
    // would exit 0 whatever that code: the embedded PostgreSQL's exit hook calls
    // `process.exit(0)` on 'beforeExit', which replaced the 1 of a failed `foyer import`.
    if (!longRunning) process.exit(process.exitCode ?? 0);
  })
  .catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigurationError ? error.message : error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
