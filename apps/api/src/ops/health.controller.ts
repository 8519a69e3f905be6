import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@foyer/core';
import { JobQueue } from '@foyer/jobs';
import { ObjectStorage } from '@foyer/storage';
import { DependencyHealthIndicator } from './dependency-health.indicator';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly dependency: DependencyHealthIndicator,
    private readonly jobs: JobQueue,
    private readonly storage: ObjectStorage,
  ) {}

  /** Liveness: the process answers. Dependencies are checked by readiness, not here. */
  @Get()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: the database, the job queue and object storage all answer. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 3000 }),
      () => this.dependency.check('queue', () => this.jobs.ping()),
      () => this.dependency.check('storage', () => this.storage.ping()),
    ]);
  }
}
