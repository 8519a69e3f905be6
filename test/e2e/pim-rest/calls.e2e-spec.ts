import request from 'supertest';
import { binaryParser, filesUrl, pathQuery } from '../../factories/file.factory';
import { addMember, setHouseholdStatus } from '../../factories/household.factory';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { PimFixture, pimHousehold, pimUrl } from './pim-rest-fixture';

interface CallBody {
  startedAt: string;
  number: string;
  durationSeconds: number;
  cost: string | null;
  contact: { fullName: string } | null;
}

const OPERATOR_CSV = [
  'Relevé détaillé;;;',
  'Date et heure;Numéro appelé;Durée;Montant (€)',
  '14/03/2025 09:05:33;06 12 34 56 78;00:02:05;0,15',
  '14/03/2025 18:40;+44 20 7946 0958;1:02:03;1,20',
  '15/03/2025 08:00;06 12 XX XX XX;00:01:00;0,10',
  '16/03/2025 10:00:00;01 45 67 89 01;45;0',
  '31/02/2025 10:00;0612345678;10;0,1',
].join('\r\n');

describe('pim REST: Who called?', () => {
  let testApp: TestApp;
  let fx: PimFixture;
  let stranger: PimFixture;
  let child: TestUser;

  beforeAll(async () => {
    testApp = await createTestApp();
    fx = await pimHousehold(testApp);
    stranger = await pimHousehold(testApp, 'Elsewhere');
    child = await createUser(testApp, { verified: true });
    await addMember(testApp, { id: fx.home.id }, child, 'child');
    for (const [fullName, phones] of [
      ['Grandma', ['+33 6 12 34 56 78']],
      ['London office', ['020 7946 0958']],
    ] as const) {
      const response = await request(testApp.server)
        .post(pimUrl(fx.home.id, `/addressbooks/${fx.familyBook}/contacts`))
        .set(fx.owner.auth)
        .send({ fullName, phones });
      expect(response.status).toBe(201);
    }
  });

  afterAll(async () => {
    await testApp.close();
  });

  const api = () => request(testApp.server);
  const importCsv = (body: string | Buffer, query = '?name=orange-mars.csv', user = fx.owner) =>
    api()
      .post(pimUrl(fx.home.id, `/calls/import${query}`))
      .set(user.auth)
      .set('Content-Type', 'text/csv')
      .send(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);

  it('imports an operator CSV, keeps the file, and names callers from contacts', async () => {
    const imported = await importCsv(OPERATOR_CSV);
    expect(imported.status).toBe(200);
    expect(imported.body).toEqual({
      batchId: expect.any(String),
      filePath: expect.stringMatching(/^\/Calls\/\d{4}-\d{2}-\d{2}-orange-mars\.csv$/),
      read: 3,
      imported: 3,
      duplicates: 0,
      skipped: [
        { line: 5, reason: '"06 12 XX XX XX" is not a phone number (masked or not a number)' },
        { line: 7, reason: '"31/02/2025 10:00" is not a real date and time' },
      ],
    });
    const kept = await api()
      .get(filesUrl(fx.home.id, `/content${pathQuery(imported.body.filePath)}`))
      .set(fx.owner.auth)
      .buffer(true)
      .parse(binaryParser);
    expect(kept.status).toBe(200);
    expect((kept.body as Buffer).toString('utf8')).toBe(OPERATOR_CSV);

    const listed = await api().get(pimUrl(fx.home.id, '/calls')).set(child.auth);
    expect(listed.status).toBe(200);
    expect(
      (listed.body.items as CallBody[]).map((call) => [
        call.startedAt,
        call.number,
        call.durationSeconds,
        call.cost,
        call.contact?.fullName ?? null,
      ]),
    ).toEqual([
      ['2025-03-16T09:00:00.000Z', '+33145678901', 45, '0', null],
      ['2025-03-14T17:40:00.000Z', '+442079460958', 3723, '1.20', null],
      ['2025-03-14T08:05:33.000Z', '+33612345678', 125, '0.15', 'Grandma'],
    ]);
    expect(listed.body.nextCursor).toBeNull();
  });

  it('does not add the same calls twice, and keeps each file under a free name', async () => {
    const again = await importCsv(OPERATOR_CSV);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ read: 3, imported: 0, duplicates: 3 });
    expect(again.body.filePath).toMatch(/-orange-mars \(2\)\.csv$/);
    const listed = await api().get(pimUrl(fx.home.id, '/calls')).set(fx.owner.auth);
    expect(listed.body.items).toHaveLength(3);
  });

  it('reads the default region from the query, and pages with from/to and a cursor', async () => {
    const csv =
      'date,number,duration\n2025-04-01 10:00:00,(650) 253-0000,10\n2025-04-02 10:00:00,(650) 253-0001,20\n';
    const imported = await importCsv(csv, '?region=US&timeZone=America/Los_Angeles&name=us');
    expect(imported.body).toMatchObject({ imported: 2, skipped: [] });
    const first = await api()
      .get(pimUrl(fx.home.id, '/calls?from=2025-04-01T00:00:00Z&to=2025-05-01T00:00:00Z&limit=1'))
      .set(fx.owner.auth);
    expect(first.body.items.map((call: CallBody) => [call.number, call.startedAt])).toEqual([
      ['+16502530001', '2025-04-02T17:00:00.000Z'],
    ]);
    const second = await api()
      .get(
        pimUrl(
          fx.home.id,
          `/calls?from=2025-04-01T00:00:00Z&to=2025-05-01T00:00:00Z&limit=1&cursor=${first.body.nextCursor}`,
        ),
      )
      .set(fx.owner.auth);
    expect(second.body.items.map((call: CallBody) => call.number)).toEqual(['+16502530000']);
    expect(second.body.nextCursor).toBeNull();
    const wrongCursor = await api()
      .get(pimUrl(fx.home.id, `/calls?cursor=${first.body.nextCursor}`))
      .set(fx.owner.auth);
    expect(wrongCursor.status).toBe(400);
    expect(wrongCursor.body.code).toBe('INVALID_CURSOR');
    const badRange = await api()
      .get(pimUrl(fx.home.id, '/calls?from=2025-05-01T00:00:00Z&to=2025-04-01T00:00:00Z'))
      .set(fx.owner.auth);
    expect(badRange.status).toBe(400);
    expect(badRange.body.code).toBe('INVALID_TIME_RANGE');
  });

  it('refuses what it cannot read, and stores nothing', async () => {
    const cases: [string, string, number, string][] = [
      ['when;who\n2025-01-01;0612345678\n', '', 400, 'INVALID_CALL_CSV'],
      ['', '', 400, 'INVALID_CALL_CSV'],
      [OPERATOR_CSV, '?region=XX', 400, 'VALIDATION_FAILED'],
      [OPERATOR_CSV, '?region=France', 400, 'VALIDATION_FAILED'],
      [OPERATOR_CSV, '?timeZone=Mars/Olympus', 400, 'VALIDATION_FAILED'],
    ];
    const before = await api().get(pimUrl(fx.home.id, '/calls?limit=500')).set(fx.owner.auth);
    for (const [body, query, status, code] of cases) {
      const response = await importCsv(body, query);
      expect(response.status).toBe(status);
      expect(response.body.code).toBe(code);
    }
    const json = await api()
      .post(pimUrl(fx.home.id, '/calls/import'))
      .set(fx.owner.auth)
      .send({ csv: OPERATOR_CSV });
    expect(json.status).toBe(415);
    const huge = await importCsv(Buffer.alloc(16 * 1024 * 1024 + 1, 'a'));
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    const after = await api().get(pimUrl(fx.home.id, '/calls?limit=500')).set(fx.owner.auth);
    expect(after.body.items).toEqual(before.body.items);
    const folder = await api()
      .get(filesUrl(fx.home.id, pathQuery('/Calls')))
      .set(fx.owner.auth);
    expect(folder.body.items).toHaveLength(3);
  });

  it('hides calls from other households and refuses writes when read-only', async () => {
    const outsider = await api().get(pimUrl(fx.home.id, '/calls')).set(stranger.owner.auth);
    expect(outsider.status).toBe(404);
    expect(outsider.body.code).toBe('HOUSEHOLD_NOT_FOUND');
    const outsiderImport = await importCsv(OPERATOR_CSV, '', stranger.owner);
    expect(outsiderImport.status).toBe(404);
    const theirs = await api().get(pimUrl(stranger.home.id, '/calls')).set(stranger.owner.auth);
    expect(theirs.body.items).toEqual([]);
    await setHouseholdStatus(testApp, { id: fx.home.id }, 'suspended');
    try {
      const frozen = await importCsv(OPERATOR_CSV);
      expect(frozen.status).toBe(409);
      expect(frozen.body.code).toBe('HOUSEHOLD_READ_ONLY');
      const listed = await api().get(pimUrl(fx.home.id, '/calls')).set(fx.owner.auth);
      expect(listed.status).toBe(200);
    } finally {
      await setHouseholdStatus(testApp, { id: fx.home.id }, 'active');
    }
  });
});
