import { QueueName } from './job-name';
import { JobState } from './job-queue';

const JOB_STATES: readonly JobState[] = ['waiting', 'delayed', 'active', 'completed', 'failed'];

/** Counts with every queue and state present at zero, so callers never meet a missing key. */
export function emptyJobCounts(): Record<QueueName, Record<JobState, number>> {
  const counts = {} as Record<QueueName, Record<JobState, number>>;
  for (const queue of Object.values(QueueName)) {
    counts[queue] = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<
      JobState,
      number
    >;
  }
  return counts;
}
