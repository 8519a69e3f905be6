import * as path from 'node:path';
import { listeningDav, ListeningDav, runClient } from './clients';

interface ScriptOutput {
  principal: string;
  calendars: string[];
  made: string;
  calendarsAfterMake: number;
  expanded: [string, string][];
  dateSearch: string[];
  excludedWeek: number;
  byUid: string;
  afterDelete: string[];
  calendarsAfterDelete: number;
}

/**
 * Debian's python3-caldav (with /usr/bin/python3: pyenv's python lacks the package) against
 * Foyer: principal discovery from the context root, calendars(), MKCALENDAR, save_event,
 * searches with and without expansion across a recurring event with EXDATE and a moved
 * instance, event_by_uid, deletes.
 */
describe('dav clients: python3-caldav', () => {
  let env: ListeningDav;

  beforeAll(async () => {
    env = await listeningDav('caldav');
  }, 60000);

  afterAll(async () => {
    await env?.testApp.close();
  });

  it('discovers, saves, searches with expansion and deletes', async () => {
    const result = await runClient(
      '/usr/bin/python3',
      [
        path.join(__dirname, 'python-caldav-client.py'),
        `http://127.0.0.1:${env.port}/dav/`,
        env.email,
        env.password,
      ],
      { timeoutMs: 60000 },
    );
    if (result.code !== 0) throw new Error(`python3-caldav failed:\n${result.stderr}`);
    const out = JSON.parse(result.stdout.trim().split('\n').pop() as string) as ScriptOutput;
    const base = `http://127.0.0.1:${env.port}`;
    expect(out.principal).toBe(`${base}/dav/principals/${env.owner.id}/`);
    expect(out.calendars).toEqual([`${base}/dav/calendars/${env.home.slug}/family/`]);
    expect(out.made).toBe(`${base}/dav/calendars/${env.home.slug}/homework/`);
    expect(out.calendarsAfterMake).toBe(2);
    expect(out.expanded).toEqual([
      ['2026-03-09T17:00:00Z', 'Piano'],
      ['2026-03-11T09:00:00Z', 'Dentist'],
      // 16 March is excluded; 23 March moved to the 24th.
      ['2026-03-24T17:00:00Z', 'Piano (moved)'],
    ]);
    expect(out.dateSearch).toEqual(['dentist', 'piano-lessons']);
    expect(out.excludedWeek).toBe(0);
    expect(out.byUid).toBe('Dentist');
    expect(out.afterDelete).toEqual(['dentist']);
    expect(out.calendarsAfterDelete).toBe(1);
  }, 120000);
});
