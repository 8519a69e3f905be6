import { JobName } from './job-name';
import { JobQueue } from './job-queue';
import { RecurringJobScheduler } from './recurring-job-scheduler';

describe('RecurringJobScheduler', () => {
  const HOUR = 60 * 60 * 1000;
  const now = 1_000 * HOUR + 15 * 60 * 1000; // a quarter past the start of slot 1000

  function setUp(enqueue: jest.Mock = jest.fn().mockResolvedValue(undefined)) {
    jest.spyOn(Date, 'now').mockReturnValue(now);
    const queue = { enqueue } as unknown as JobQueue;
    return { scheduler: new RecurringJobScheduler(queue), enqueue };
  }
  afterEach(() => jest.restoreAllMocks());

  it("queues the current slot's run now, keyed by the slot", async () => {
    const { scheduler, enqueue } = setUp();
    await scheduler.scheduleCurrent(JobName.PurgeDueHouseholds, HOUR);
    expect(enqueue).toHaveBeenCalledWith(
      JobName.PurgeDueHouseholds,
      {},
      { delayMs: 0, deduplicationKey: 'households.purge-due@1000' },
    );
  });

  it("queues the next slot's run for the start of that slot", async () => {
    const { scheduler, enqueue } = setUp();
    await scheduler.scheduleNext(JobName.PurgeDueHouseholds, HOUR);
    expect(enqueue).toHaveBeenCalledWith(
      JobName.PurgeDueHouseholds,
      {},
      { delayMs: 45 * 60 * 1000, deduplicationKey: 'households.purge-due@1001' },
    );
  });

  it('does not fail the caller when the queue is unreachable', async () => {
    const { scheduler } = setUp(jest.fn().mockRejectedValue(new Error('redis down')));
    await expect(
      scheduler.scheduleCurrent(JobName.PurgeDueHouseholds, HOUR),
    ).resolves.toBeUndefined();
  });
});
