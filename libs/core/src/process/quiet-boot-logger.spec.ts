import type { LoggerService } from '@nestjs/common';
import { QuietBootLogger } from './quiet-boot-logger';

describe('QuietBootLogger', () => {
  const inner = () => ({
    log: jest.fn(),
    error: jest.fn(),
    warn: jest.fn(),
    debug: jest.fn(),
    verbose: jest.fn(),
    fatal: jest.fn(),
  });

  it("moves Nest's module and route lines to debug", () => {
    const target = inner();
    const logger = new QuietBootLogger(target as LoggerService);
    logger.log('Mapped {/api/v1/me, GET} route', 'RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Nest application successfully started', 'NestApplication');
    expect(target.log).not.toHaveBeenCalled();
    expect(target.debug).toHaveBeenCalledTimes(3);
    expect(target.debug).toHaveBeenCalledWith('Mapped {/api/v1/me, GET} route', 'RouterExplorer');
  });

  it("keeps Foyer's own lines, and any warning, as they are", () => {
    const target = inner();
    const logger = new QuietBootLogger(target as LoggerService);
    logger.log('Foyer is ready at http://localhost:8080', 'Foyer');
    logger.log({ sessions: 1 }, 'Purged', 'AuthRecordsPurger');
    logger.warn('Something odd', 'RouterExplorer');
    expect(target.log).toHaveBeenCalledWith('Foyer is ready at http://localhost:8080', 'Foyer');
    expect(target.log).toHaveBeenCalledWith({ sessions: 1 }, 'Purged', 'AuthRecordsPurger');
    expect(target.warn).toHaveBeenCalledWith('Something odd', 'RouterExplorer');
    expect(target.debug).not.toHaveBeenCalled();
  });
});
