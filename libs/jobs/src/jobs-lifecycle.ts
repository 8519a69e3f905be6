import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { JobConsumer } from './job-consumer';
import { JobHandlerRegistry } from './job-handler-registry';

/**
 * Starts consuming once every provider exists (application bootstrap) and stops first thing on
 * shutdown (module destroy), before connections close in the later shutdown phase, so running
 * jobs finish with their database and Redis still there.
 */
@Injectable()
export class JobsLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Jobs');
  private consuming = false;

  constructor(
    private readonly registry: JobHandlerRegistry,
    /** Present only in a consuming process. */
    @Optional() private readonly consumer?: JobConsumer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.consumer) return;
    // Before taking any job: a job name without a handler must stop the boot, not wait forever.
    const dispatch = this.registry.resolve();
    await this.consumer.start(dispatch, this.registry.resolveFailures());
    this.consuming = true;
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.consumer || !this.consuming) return;
    this.consuming = false;
    this.logger.log('Stopping job consumption');
    await this.consumer.stop();
  }
}
