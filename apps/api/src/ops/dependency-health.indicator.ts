import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

/** Turns a dependency's `ping()` into a terminus result: up, or down with the reason. */
@Injectable()
export class DependencyHealthIndicator {
  constructor(private readonly health: HealthIndicatorService) {}

  async check(key: string, ping: () => Promise<void>): Promise<HealthIndicatorResult> {
    const session = this.health.check(key);
    try {
      await ping();
      return session.up();
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
