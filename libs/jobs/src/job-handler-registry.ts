import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { assertOneHandlerPerJob, FoundHandler } from './check-job-handlers';
import { JobDispatch } from './job-consumer';
import { JobName } from './job-name';
import { ON_JOB_METADATA } from './on-job.decorator';

interface BoundHandler extends FoundHandler {
  run: (payload: unknown) => Promise<void>;
}

/**
 * Finds the `@OnJob` methods of every provider in the application, checks them against the job
 * table, and turns them into the one dispatch function the consumers call.
 */
@Injectable()
export class JobHandlerRegistry {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  /** Throws (naming every missing, duplicate or unknown handler) unless each job has exactly one. */
  resolve(): JobDispatch {
    const found = this.discover();
    assertOneHandlerPerJob(Object.values(JobName), found);
    const handlers = new Map(found.map((handler) => [handler.jobName, handler.run]));
    return async (name, payload) => {
      const run = handlers.get(name);
      // A job enqueued by another version of Foyer, under a name this one no longer has.
      if (!run) throw new Error(`No handler for job "${name}"`);
      await run(payload);
    };
  }

  private discover(): BoundHandler[] {
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
        const names = Reflect.getMetadata(ON_JOB_METADATA, method) as JobName[] | undefined;
        for (const jobName of names ?? []) {
          found.push({
            jobName,
            location: `${instance.constructor.name}.${methodName}`,
            run: (payload) =>
              (method as (payload: unknown) => Promise<void>).call(instance, payload),
          });
        }
      }
    }
    return found;
  }
}
