import { ConfigurationError } from '@foyer/core';
import { createProgram } from './cli-program';

createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigurationError ? error.message : error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
