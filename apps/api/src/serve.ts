import { Logger } from '@nestjs/common';
import { FoyerConfig, prepareDatabase } from '@foyer/core';
import { createApiApplication } from './api-application';

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts Foyer as `npm start` does: the database (embedded unless DATABASE_URL is set, migrated),
 * then the api, listening on PORT. In the embedded default the api also runs the jobs.
 */
export async function serve(config: FoyerConfig): Promise<RunningServer> {
  const logger = new Logger('Foyer');
  const connection = await prepareDatabase(config);
  let app;
  try {
    app = await createApiApplication(config, connection);
    await app.listen(config.port);
  } catch (error) {
    await app?.close().catch(() => undefined);
    await connection.stop();
    throw error;
  }
  const url = `http://localhost:${config.port}`;
  // The address people open; the port only when it is not already in it.
  const listening = new URL(config.publicUrl).port === String(config.port);
  logger.log(
    `Foyer is ready at ${config.publicUrl}${listening ? '' : ` (listening on port ${config.port})`}`,
  );
  return {
    url,
    stop: async () => {
      await app.close();
      await connection.stop();
    },
  };
}
