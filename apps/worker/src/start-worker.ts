import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { FoyerConfig, prepareDatabase, QuietBootLogger, Stoppable } from '@foyer/core';
import { startHeartbeat } from './worker-heartbeat';
import { WorkerModule } from './worker.module';

/** Starts the hosted-mode worker; in the embedded default `foyer serve` runs the jobs itself. */
export async function startWorker(config: FoyerConfig): Promise<Stoppable> {
  if (config.queue.kind !== 'bull') {
    throw new Error(
      'The worker runs queue processors for hosted mode (REDIS_URL). Without REDIS_URL, ' +
        '`foyer serve` runs the jobs in its own process: no worker is needed.',
    );
  }
  const connection = await prepareDatabase(config);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, connection), {
    bufferLogs: true,
  });
  app.useLogger(new QuietBootLogger(app.get(Logger)));
  await app.init();
  const heartbeat = config.workerHeartbeatFile
    ? await startHeartbeat(config.workerHeartbeatFile)
    : undefined;
  return {
    stop: async () => {
      await heartbeat?.stop();
      await app.close();
      await connection.stop();
    },
  };
}
