import { writeFile } from 'node:fs/promises';
import { Logger } from '@nestjs/common';
import { Stoppable } from '@foyer/core';

/** How often the file is touched; the probe allows several missed beats (see k8s/worker.yaml). */
export const HEARTBEAT_INTERVAL_MS = 10_000;

/**
 * Touches `file` now and every `intervalMs` while the worker's event loop runs. The worker serves
 * no HTTP, so a liveness probe checks the file's age instead: a stuck event loop stops the beats.
 * It says nothing about Redis or PostgreSQL on purpose: restarting the worker would not bring
 * those back, and readiness is the api's `/health/ready`.
 */
export async function startHeartbeat(
  file: string,
  intervalMs = HEARTBEAT_INTERVAL_MS,
): Promise<Stoppable> {
  const logger = new Logger('WorkerHeartbeat');
  let failing = false;
  const beat = async (): Promise<void> => {
    try {
      await writeFile(file, `${new Date().toISOString()}\n`);
      failing = false;
    } catch (error) {
      // Once per run of failures, not every beat; the probe will restart the worker anyway.
      if (!failing) logger.error(`Cannot write the heartbeat file ${file}: ${String(error)}`);
      failing = true;
    }
  };
  // The first beat is awaited, so an unwritable path shows at start in the log.
  await beat();
  const timer = setInterval(() => void beat(), intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
    },
  };
}
