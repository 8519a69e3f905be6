import { JobName, JobPayloads } from './job-name';

/** Reflect-metadata key under which `@OnJob` records the job names a method handles. */
export const ON_JOB_METADATA = 'foyer:jobs:on-job';

/** The shape every job handler has: it gets the payload of its job and settles when done. */
export type JobHandlerMethod<N extends JobName> = (payload: JobPayloads[N]) => Promise<void>;

/**
 * Marks a method of an `@Injectable()` provider as the handler of one job name. The jobs module
 * discovers these at boot (in a consuming process) and refuses to start when a job name has no
 * handler or more than one, so the table in job-name.ts and the handlers cannot drift apart.
 *
 * The descriptor is typed so that a handler whose parameter does not match the job's payload is a
 * compile error, not a runtime surprise.
 */
export function OnJob<N extends JobName>(name: N) {
  // Generic over the method so that a handler taking fewer parameters (none, for a job without
  // payload) is accepted: a TypedPropertyDescriptor of the exact type would be invariant.
  return <M extends JobHandlerMethod<N>>(
    _target: object,
    _propertyKey: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    const method = descriptor.value;
    if (typeof method !== 'function') throw new Error(`@OnJob(${name}) must decorate a method`);
    // Stored on the function itself (as Nest's own method decorators do), so it survives
    // inheritance and is found by scanning the prototype.
    const names = (Reflect.getMetadata(ON_JOB_METADATA, method) as JobName[] | undefined) ?? [];
    Reflect.defineMetadata(ON_JOB_METADATA, [...names, name], method);
  };
}
