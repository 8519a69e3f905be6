import { randomBytes } from 'node:crypto';
import Bull from 'bull';
import { loadConfig } from '@foyer/core';
import { JobState, QueueName } from '@foyer/jobs';
import { harness } from '../../harness/harness-env';
import { describeJobQueueContract } from './job-queue-contract';
import { JobsBackend, StoredJob } from './jobs-fixture';

/** Reads the jobs of every queue under the prefix with a Bull client of its own. */
async function readJobs(redisUrl: string, prefix: string): Promise<StoredJob[]> {
  const queues = Object.values(QueueName).map((name) => new Bull(name, redisUrl, { prefix }));
  try {
    const jobs = (
      await Promise.all(
        queues.map((queue) =>
          queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']),
        ),
      )
    ).flat();
    return await Promise.all(
      jobs.map(async (job) => {
        const state = (await job.getState()) as JobState;
        return {
          name: job.name,
          state,
          // Bull counts failed attempts only; the port's "attempts" counts the successful one too.
          attempts: job.attemptsMade + (state === 'completed' ? 1 : 0),
          error: job.failedReason ?? null,
        };
      }),
    );
  } finally {
    await Promise.all(queues.map((queue) => queue.close()));
  }
}

async function createBullBackend(): Promise<JobsBackend> {
  const { redisUrl, runId } = harness();
  // Under the run's prefix, so the harness's teardown removes the keys.
  const prefix = `foyer_t_${runId}_${randomBytes(4).toString('hex')}`;
  return {
    config: loadConfig({ REDIS_URL: redisUrl, FOYER_QUEUE_PREFIX: prefix }),
    imports: [],
    jobs: () => readJobs(redisUrl, prefix),
    tearDown: async () => undefined,
  };
}

describeJobQueueContract('Bull on Redis, hosted', createBullBackend);
