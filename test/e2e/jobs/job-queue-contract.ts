import { JobName, JobQueue, JobState, QueueName } from '@foyer/jobs';
import { JobConsumer } from '../../../libs/jobs/src/job-consumer';
import { eventually } from './eventually';
import { JobsBackend, useJobsFixture } from './jobs-fixture';

const { SendVerificationEmail, SendPasswordResetEmail, PurgeExpiredAuthRecords } = JobName;

async function countOf(queue: JobQueue, name: QueueName, state: JobState): Promise<number> {
  return (await queue.counts())[name][state];
}

/**
 * What every driver of the JobQueue port must do, run against each of them, so that code written
 * against the embedded default behaves the same on the hosted service.
 */
export function describeJobQueueContract(
  driver: string,
  createBackend: () => Promise<JobsBackend>,
): void {
  describe(`JobQueue contract (${driver})`, () => {
    const fixture = useJobsFixture(createBackend);

    it('runs the handler of a job with its payload', async () => {
      const { queue } = await fixture.start(true);
      await queue.enqueue(SendVerificationEmail, { userId: 'user-1' });

      await eventually(
        () => countOf(queue, QueueName.Mail, 'completed'),
        (count) => count === 1,
        {
          what: 'the job to complete',
        },
      );
      expect(fixture.recorder.calls).toEqual([
        { name: SendVerificationEmail, payload: { userId: 'user-1' } },
      ]);
    });

    it('retries a failed attempt, and completes when a retry succeeds', async () => {
      fixture.recorder.behaviour = async (_call, callNumber) => {
        if (callNumber === 1) throw new Error('SMTP server busy');
      };
      const { queue } = await fixture.start(true);
      await queue.enqueue(SendVerificationEmail, { userId: 'user-1' }, { attempts: 3 });

      await eventually(
        () => countOf(queue, QueueName.Mail, 'completed'),
        (count) => count === 1,
        {
          what: 'the retried job to complete',
        },
      );
      expect(fixture.recorder.callsOf(SendVerificationEmail)).toHaveLength(2);
      expect(await countOf(queue, QueueName.Mail, 'failed')).toBe(0);
    });

    it('gives up after the last attempt, keeping the error', async () => {
      fixture.recorder.behaviour = async () => {
        throw new Error('mailbox unavailable (550)');
      };
      const { queue } = await fixture.start(true);
      await queue.enqueue(SendPasswordResetEmail, { userId: 'user-1' }, { attempts: 3 });

      await eventually(
        () => countOf(queue, QueueName.Mail, 'failed'),
        (count) => count === 1,
        {
          what: 'the job to fail for good',
        },
      );
      expect(fixture.recorder.callsOf(SendPasswordResetEmail)).toHaveLength(3);
      // Its failure handler runs once, after the last attempt only.
      await eventually(
        () => fixture.recorder.failures,
        (failures) => failures.length > 0,
        { what: 'the failure handler' },
      );
      expect(fixture.recorder.failures).toEqual([
        {
          name: SendPasswordResetEmail,
          payload: { userId: 'user-1' },
          reason: 'mailbox unavailable (550)',
        },
      ]);
      expect(await fixture.backend.jobs()).toEqual([
        {
          name: SendPasswordResetEmail,
          state: 'failed',
          attempts: 3,
          error: 'mailbox unavailable (550)',
        },
      ]);
    });

    it('does not add a second unfinished job with the same deduplication key', async () => {
      const { queue } = await fixture.start(false);
      await queue.enqueue(
        SendVerificationEmail,
        { userId: 'user-1' },
        { deduplicationKey: 'user-1' },
      );
      await queue.enqueue(
        SendVerificationEmail,
        { userId: 'user-1' },
        { deduplicationKey: 'user-1' },
      );
      // The key belongs to one job name: another job may use the same one.
      await queue.enqueue(
        SendPasswordResetEmail,
        { userId: 'user-1' },
        { deduplicationKey: 'user-1' },
      );
      await queue.enqueue(
        SendVerificationEmail,
        { userId: 'user-2' },
        { deduplicationKey: 'user-2' },
      );
      await queue.enqueue(SendVerificationEmail, { userId: 'user-3' });

      expect(await countOf(queue, QueueName.Mail, 'waiting')).toBe(4);
    });

    it('accepts the key again once the job with it has finished', async () => {
      const { queue } = await fixture.start(true);
      await queue.enqueue(
        SendVerificationEmail,
        { userId: 'user-1' },
        { deduplicationKey: 'user-1' },
      );
      await eventually(
        () => countOf(queue, QueueName.Mail, 'completed'),
        (count) => count === 1,
        {
          what: 'the first job to complete',
        },
      );

      await queue.enqueue(
        SendVerificationEmail,
        { userId: 'user-1' },
        { deduplicationKey: 'user-1' },
      );
      await eventually(
        () => countOf(queue, QueueName.Mail, 'completed'),
        (count) => count === 2,
        {
          what: 'the second job to complete',
        },
      );
      expect(fixture.recorder.callsOf(SendVerificationEmail)).toHaveLength(2);
    });

    it('holds a delayed job back until its time', async () => {
      const { queue } = await fixture.start(true);
      await queue.enqueue(PurgeExpiredAuthRecords, {}, { delayMs: 60 * 60 * 1000 });
      await queue.enqueue(SendVerificationEmail, { userId: 'now' });

      // The job enqueued after it, without delay, has run: the delayed one was skipped, not slow.
      await eventually(
        () => fixture.recorder.callsOf(SendVerificationEmail).length,
        (count) => count === 1,
        {
          what: 'the immediate job to run',
        },
      );
      expect(fixture.recorder.callsOf(PurgeExpiredAuthRecords)).toHaveLength(0);
      expect(await countOf(queue, QueueName.Maintenance, 'delayed')).toBe(1);

      await queue.enqueue(SendPasswordResetEmail, { userId: 'soon' }, { delayMs: 150 });
      await eventually(
        () => fixture.recorder.callsOf(SendPasswordResetEmail).length,
        (count) => count === 1,
        {
          what: 'the shortly delayed job to run',
        },
      );
    });

    it('counts jobs by queue and state, and answers a ping', async () => {
      const { queue } = await fixture.start(false);
      await queue.enqueue(SendVerificationEmail, { userId: 'user-1' });
      await queue.enqueue(SendPasswordResetEmail, { userId: 'user-2' });
      await queue.enqueue(PurgeExpiredAuthRecords, {}, { delayMs: 60_000 });

      const counts = await queue.counts();
      expect(Object.keys(counts).sort()).toEqual(Object.values(QueueName).sort());
      for (const name of Object.values(QueueName)) {
        const expected = { waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 };
        if (name === QueueName.Mail) expected.waiting = 2;
        if (name === QueueName.Maintenance) expected.delayed = 1;
        expect({ queue: name, ...counts[name] }).toEqual({ queue: name, ...expected });
      }
      await expect(queue.ping()).resolves.toBeUndefined();
    });

    it('lets a running job finish when the application closes', async () => {
      let release: () => void = () => undefined;
      fixture.recorder.behaviour = () => new Promise<void>((resolve) => (release = resolve));
      const app = await fixture.start(true);
      await app.queue.enqueue(SendVerificationEmail, { userId: 'user-1' });
      await eventually(
        () => fixture.recorder.calls.length,
        (count) => count === 1,
        { what: 'the job to start' },
      );
      const stopping = new Promise<void>((resolve) => {
        const consumer = app.module.get(JobConsumer);
        const stop = consumer.stop.bind(consumer);
        consumer.stop = () => (resolve(), stop());
      });

      fixture.apps.splice(fixture.apps.indexOf(app), 1);
      const closing = app.close();
      // Once the consumer is stopping, give a shutdown that did not wait for running jobs ample
      // time to close its connections (Bull takes about half a second), then let the job end:
      // it can only be recorded as completed if the shutdown waited for it.
      await stopping;
      setTimeout(() => release(), 1_000);
      await closing;

      expect(await fixture.backend.jobs()).toEqual([
        { name: SendVerificationEmail, state: 'completed', attempts: 1, error: null },
      ]);
    });
  });
}
