import { Injectable, Logger } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { assertOneHandlerPerJob, FoundHandler } from './check-job-handlers';
import { describeError } from './describe-error';
import { JobDispatch, JobFailureDispatch } from './job-consumer';
import { JobName } from './job-name';
import { ON_JOB_FAILED_METADATA, ON_JOB_METADATA } from './on-job.decorator';

interface BoundHandler extends FoundHandler {
  run: (...args: unknown[]) => Promise<void>;
}

/**
 * Finds the `@OnJob` methods of every provider in the application, checks them against the job
 * table, and turns them into the one dispatch function the consumers call.
 */
@Injectable()
export class JobHandlerRegistry {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  /** Throws (naming every missing, duplicate or unknown handler) unless each job has exactly one. */
  resolve(): JobDispatch {
    const found = this.discover(ON_JOB_METADATA);
    assertOneHandlerPerJob(Object.values(JobName), found);
    const handlers = new Map(found.map((handler) => [handler.jobName, handler.run]));
    return async (name, payload) => {
      const run = handlers.get(name);
      // A job enqueued by another version of Foyer, under a name this one no longer has.
      if (!run) throw new Error(`No handler for job "${name}"`);
      await run(payload);
    };
  }

  /**
   * The `@OnJobFailed` handlers as one function; throws at boot when a name has two, or is not
   * in the job table. A failure handler that fails is logged: there is nothing left to retry.
   */
  resolveFailures(): JobFailureDispatch {
    const found = this.discover(ON_JOB_FAILED_METADATA);
    const known = new Set<string>(Object.values(JobName));
    const handlers = new Map<string, BoundHandler>();
    for (const handler of found) {
      const other = handlers.get(handler.jobName);
      if (!known.has(handler.jobName) || other) {
        throw new Error(
          `Job failure handler ${handler.location} is for ${other ? `a job already handled by ${other.location}` : `an unknown job "${handler.jobName}"`}`,
        );
      }
      handlers.set(handler.jobName, handler);
    }
    return async (name, payload, reason) => {
      const handler = handlers.get(name);
      if (!handler) return;
      try {
        await handler.run(payload, reason);
      } catch (error) {
        this.logger.error(`The failure handler of job ${name} failed: ${describeError(error)}`);
      }
    };
  }

  private discover(key: string): BoundHandler[] {
    const found: BoundHandler[] = [];
    // One instance can sit behind several tokens (`useExisting` aliases): count it once.
    const seen = new Set<object>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      // Request-scoped and transient providers have no single instance to call; their
      // handlers are skipped, and the boot check then reports the job as unhandled.
      if (
        !instance ||
        typeof instance !== 'object' ||
        !wrapper.isDependencyTreeStatic() ||
        wrapper.isTransient
      ) {
        continue;
      }
      if (seen.has(instance)) continue;
      seen.add(instance);
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown> | null;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = prototype?.[methodName];
        if (typeof method !== 'function') continue;
        const names = Reflect.getMetadata(key, method) as JobName[] | undefined;
        for (const jobName of names ?? []) {
          found.push({
            jobName,
            location: `${instance.constructor.name}.${methodName}`,
            run: (...args) =>
              (method as (...args: unknown[]) => Promise<void>).apply(instance, args),
          });
        }
      }
    }
    return found;
  }
}
