import { JobName, JobPayloads } from './job-name';

/** Reflect-metadata key under which `@OnJob` records the job names a method handles. */
export const ON_JOB_METADATA = 'foyer:jobs:on-job';

/** Reflect-metadata key under which `@OnJobFailed` records the job names a method cleans up. */
export const ON_JOB_FAILED_METADATA = 'foyer:jobs:on-job-failed';

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
  return markHandler<N, JobHandlerMethod<N>>(ON_JOB_METADATA, name, 'OnJob');
}

/** A failure handler: the payload of the job that failed for good, and why. */
export type JobFailureHandlerMethod<N extends JobName> = (
  payload: JobPayloads[N],
  reason: string,
) => Promise<void>;

/**
 * Marks a method as what to do when a job of this name has failed for good (its attempts are
 * spent, including attempts a crash cut short): undo what its attempts left behind. Optional,
 * at most one per name; it runs once, and its own failure is logged, not retried.
 */
export function OnJobFailed<N extends JobName>(name: N) {
  return markHandler<N, JobFailureHandlerMethod<N>>(ON_JOB_FAILED_METADATA, name, 'OnJobFailed');
}

function markHandler<N extends JobName, H>(key: string, name: N, decorator: string) {
  // Generic over the method so that a handler taking fewer parameters (none, for a job without
  // payload) is accepted: a TypedPropertyDescriptor of the exact type would be invariant.
  return <M extends H>(
    _target: object,
    _propertyKey: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    const method = descriptor.value;
    if (typeof method !== 'function') {
      throw new Error(`@${decorator}(${name}) must decorate a method`);
    }
    // Stored on the function itself (as Nest's own method decorators do), so it survives
    // inheritance and is found by scanning the prototype.
    const names = (Reflect.getMetadata(key, method) as JobName[] | undefined) ?? [];
    Reflect.defineMetadata(key, [...names, name], method);
  };
}
