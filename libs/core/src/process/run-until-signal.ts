import { Logger } from '@nestjs/common';

export interface Stoppable {
  stop(): Promise<void>;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Starts something long-running and stops it cleanly on SIGINT or SIGTERM (a second signal
 * forces the exit). A failure to start prints the reason, not a stack, and exits non-zero.
 */
export async function runUntilSignal(start: () => Promise<Stoppable>): Promise<void> {
  const logger = new Logger('Foyer');
  let running: Stoppable;
  try {
    running = await start();
  } catch (error) {
    // Straight to stderr: the application's logger may be gone with it, or buffer past the exit.
    process.stderr.write(
      `Foyer could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    logger.log(`${signal} received: stopping`);
    running.stop().then(
      () => {
        logger.log('Stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`Stopping failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, stop);
}
