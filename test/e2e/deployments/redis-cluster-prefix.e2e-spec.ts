import { randomBytes } from 'node:crypto';
import Bull from 'bull';
import Redis from 'ioredis';
import { loadConfig } from '@foyer/core';
import { QueueName } from '@foyer/jobs';
import { harness } from '../../harness/harness-env';

/**
 * The hash-tagged queue prefix that docs/scaling.md and k8s/configmap.yaml use for Redis Cluster,
 * on the harness's single Redis: Foyer's configuration accepts it, Bull runs a job under it, and
 * every key it writes carries the tag (so a cluster would keep them in one slot). A real Redis
 * Cluster was not available here.
 */
describe('FOYER_QUEUE_PREFIX as a Redis Cluster hash tag', () => {
  const { redisUrl, runId } = harness();
  const tag = `foyer_t_${runId}_${randomBytes(4).toString('hex')}`;
  const prefix = `{${tag}}`;
  const redis = new Redis(redisUrl);

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('runs a job under a prefix in braces, every key inside the tag', async () => {
    const config = loadConfig({ REDIS_URL: redisUrl, FOYER_QUEUE_PREFIX: prefix });
    expect(config.queue).toEqual({ kind: 'bull', redisUrl, prefix });

    const queue = new Bull(QueueName.Maintenance, redisUrl, { prefix });
    try {
      const done = new Promise<unknown>((resolve) => {
        void queue.process(async (job) => {
          resolve(job.data);
          return 'ok';
        });
      });
      await queue.add({ householdId: 'h1' }, { removeOnComplete: false });
      await expect(done).resolves.toEqual({ householdId: 'h1' });
      await queue.whenCurrentJobsFinished();
      expect(await queue.getCompletedCount()).toBe(1);
    } finally {
      await queue.close();
    }
    const keys = await redis.keys(`*${tag}*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys)
      expect(key.startsWith(`${prefix}:${QueueName.Maintenance}:`)).toBe(true);
  });
});
