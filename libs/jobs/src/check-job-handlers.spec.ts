import { assertOneHandlerPerJob, findJobHandlerProblems } from './check-job-handlers';

describe('findJobHandlerProblems', () => {
  const known = ['mail.send', 'maintenance.purge'];

  it('accepts exactly one handler per job name', () => {
    expect(
      findJobHandlerProblems(known, [
        { jobName: 'mail.send', location: 'Mailer.send' },
        { jobName: 'maintenance.purge', location: 'Purger.purge' },
      ]),
    ).toEqual([]);
  });

  it('names a job without a handler', () => {
    expect(
      findJobHandlerProblems(known, [{ jobName: 'mail.send', location: 'Mailer.send' }]),
    ).toEqual(['no handler for job "maintenance.purge"']);
  });

  it('names every handler of a job handled twice', () => {
    expect(
      findJobHandlerProblems(known, [
        { jobName: 'mail.send', location: 'Mailer.send' },
        { jobName: 'mail.send', location: 'OtherMailer.send' },
        { jobName: 'maintenance.purge', location: 'Purger.purge' },
      ]),
    ).toEqual(['job "mail.send" has 2 handlers: Mailer.send, OtherMailer.send']);
  });

  it('names a handler for a job that is not in the table', () => {
    expect(
      findJobHandlerProblems(known, [
        { jobName: 'mail.send', location: 'Mailer.send' },
        { jobName: 'maintenance.purge', location: 'Purger.purge' },
        { jobName: 'mail.sned', location: 'Typo.handle' },
      ]),
    ).toEqual(['unknown job "mail.sned" handled by Typo.handle']);
  });

  it('throws one error listing every problem', () => {
    expect(() => assertOneHandlerPerJob(known, [])).toThrow(
      /no handler for job "mail.send"[\s\S]*no handler for job "maintenance.purge"/,
    );
  });
});
