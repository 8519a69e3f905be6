import request from 'supertest';
import { addMember, setHouseholdStatus } from '../../factories/household.factory';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { PimFixture, pimHousehold, pimUrl } from './pim-rest-fixture';

describe('pim REST: address books and contacts', () => {
  let testApp: TestApp;
  let fx: PimFixture;
  let stranger: PimFixture;
  let child: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    testApp = await createTestApp();
    fx = await pimHousehold(testApp);
    stranger = await pimHousehold(testApp, 'Elsewhere');
    child = await createUser(testApp, { verified: true });
    member = await createUser(testApp, { verified: true });
    await addMember(testApp, { id: fx.home.id }, child, 'child');
    await addMember(testApp, { id: fx.home.id }, member, 'member');
  });

  afterAll(async () => {
    await testApp.close();
  });

  const api = () => request(testApp.server);
  const contacts = (book = fx.familyBook, rest = '') =>
    pimUrl(fx.home.id, `/addressbooks/${book}/contacts${rest}`);

  async function createContact(body: Record<string, unknown>, user: TestUser = fx.owner) {
    const response = await api().post(contacts()).set(user.auth).send(body);
    expect(response.status).toBe(201);
    return response.body as { id: string; uid: string; etag: string; vcard: string };
  }

  describe('collections', () => {
    it('lists the Family address book, by id and by slug', async () => {
      for (const hid of [fx.home.id, fx.home.slug]) {
        const response = await api().get(pimUrl(hid, '/addressbooks')).set(fx.owner.auth);
        expect(response.status).toBe(200);
        expect(response.body).toEqual([
          expect.objectContaining({
            id: fx.familyBook,
            name: 'family',
            displayName: 'Family',
            ownerUserId: null,
            writable: true,
          }),
        ]);
      }
    });

    it('creates, renames and deletes a personal address book that others do not see', async () => {
      const created = await api()
        .post(pimUrl(fx.home.id, '/addressbooks'))
        .set(member.auth)
        .send({ displayName: 'Work', color: '#112233' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        displayName: 'Work',
        color: '#112233',
        ownerUserId: member.id,
        sharedWithHousehold: false,
      });
      const id = created.body.id as string;
      const ownerView = await api().get(pimUrl(fx.home.id, '/addressbooks')).set(fx.owner.auth);
      expect(ownerView.body.map((c: { id: string }) => c.id)).not.toContain(id);
      const hidden = await api()
        .get(pimUrl(fx.home.id, `/addressbooks/${id}/contacts`))
        .set(fx.owner.auth);
      expect(hidden.status).toBe(404);
      expect(hidden.body.code).toBe('COLLECTION_NOT_FOUND');

      const renamed = await api()
        .patch(pimUrl(fx.home.id, `/addressbooks/${id}`))
        .set(member.auth)
        .send({ displayName: 'Office', sharedWithHousehold: true });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ displayName: 'Office', sharedWithHousehold: true });
      // Shared to read: the owner sees it, cannot write into it.
      const shared = await api().get(pimUrl(fx.home.id, '/addressbooks')).set(fx.owner.auth);
      expect(shared.body).toContainEqual(expect.objectContaining({ id, writable: false }));
      const refused = await api()
        .post(pimUrl(fx.home.id, `/addressbooks/${id}/contacts`))
        .set(fx.owner.auth)
        .send({ fullName: 'Nope' });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('READ_ONLY_COLLECTION');

      const removed = await api()
        .delete(pimUrl(fx.home.id, `/addressbooks/${id}`))
        .set(member.auth);
      expect(removed.status).toBe(204);
      const gone = await api()
        .get(pimUrl(fx.home.id, `/addressbooks/${id}/contacts`))
        .set(member.auth);
      expect(gone.status).toBe(404);
    });

    it('refuses bad collection bodies, calendars under /addressbooks, and unknown ids', async () => {
      const bad = await api()
        .post(pimUrl(fx.home.id, '/addressbooks'))
        .set(fx.owner.auth)
        .send({ displayName: '', color: 'blue', extra: 1 });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(bad.body.fields)).toEqual(
        expect.arrayContaining(['displayName', 'color', 'extra']),
      );
      for (const id of [fx.familyCalendar, '00000000-0000-0000-0000-000000000000', 'nope']) {
        const response = await api()
          .patch(pimUrl(fx.home.id, `/addressbooks/${id}`))
          .set(fx.owner.auth)
          .send({ displayName: 'X' });
        expect(response.status).toBe(404);
        expect(response.body.code).toBe('COLLECTION_NOT_FOUND');
      }
    });

    it('lets only adults delete the Family address book', async () => {
      const response = await api()
        .delete(pimUrl(fx.home.id, `/addressbooks/${fx.familyBook}`))
        .set(child.auth);
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('HOUSEHOLD_PERMISSION_DENIED');
    });
  });

  describe('contacts', () => {
    it('creates a contact as a vCard 4.0 and reads it back', async () => {
      const created = await createContact({
        fullName: 'Ada Lovelace',
        givenName: 'Ada',
        familyName: 'Lovelace',
        organisation: 'Analytical Engines',
        emails: ['ada@example.com'],
        phones: ['06 12 34 56 78'],
        note: 'Met at the ball',
      });
      expect(created).toMatchObject({
        fullName: 'Ada Lovelace',
        emails: ['ada@example.com'],
        phones: ['06 12 34 56 78'],
        phonesE164: ['+33612345678'],
        organisation: 'Analytical Engines',
        note: 'Met at the ball',
      });
      expect(created.uid).toMatch(/^urn:uuid:/);
      expect(created.vcard).toMatch(/^BEGIN:VCARD\r\nVERSION:4\.0\r\n/);
      const read = await api()
        .get(contacts(fx.familyBook, `/${created.id}`))
        .set(child.auth);
      expect(read.status).toBe(200);
      expect(read.headers.etag).toBe(created.etag);
      expect(read.body).toEqual(created);
    });

    it('lists by name with a cursor, and searches names, emails and phones', async () => {
      const book = await api()
        .post(pimUrl(fx.home.id, '/addressbooks'))
        .set(fx.owner.auth)
        .send({ displayName: 'Search' });
      const id = book.body.id as string;
      const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo'];
      for (const [index, name] of names.entries()) {
        const response = await api()
          .post(contacts(id))
          .set(fx.owner.auth)
          .send({
            fullName: name,
            emails: [`${name.toLowerCase()}@example.org`],
            phones: [`+33 6 00 00 00 0${index}`],
          });
        expect(response.status).toBe(201);
      }
      const first = await api().get(contacts(id, '?limit=2')).set(fx.owner.auth);
      expect(first.status).toBe(200);
      expect(first.body.items.map((c: { fullName: string }) => c.fullName)).toEqual([
        'Alpha',
        'Bravo',
      ]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await api()
        .get(contacts(id, `?limit=2&cursor=${first.body.nextCursor}`))
        .set(fx.owner.auth);
      expect(second.body.items.map((c: { fullName: string }) => c.fullName)).toEqual([
        'charlie',
        'delta',
      ]);
      const third = await api()
        .get(contacts(id, `?limit=2&cursor=${second.body.nextCursor}`))
        .set(fx.owner.auth);
      expect(third.body).toMatchObject({ items: [{ fullName: 'echo' }], nextCursor: null });

      const byName = await api().get(contacts(id, '?q=HARL')).set(fx.owner.auth);
      expect(byName.body.items.map((c: { fullName: string }) => c.fullName)).toEqual(['charlie']);
      const byEmail = await api().get(contacts(id, '?q=bravo@')).set(fx.owner.auth);
      expect(byEmail.body.items.map((c: { fullName: string }) => c.fullName)).toEqual(['Bravo']);
      // Written "06 00 00 00 03" in France, stored as +33 6 00 00 00 03.
      const byPhone = await api()
        .get(contacts(id, `?q=${encodeURIComponent('06 00 00 00 03')}`))
        .set(fx.owner.auth);
      expect(byPhone.body.items.map((c: { fullName: string }) => c.fullName)).toEqual(['Bravo']);
      const none = await api().get(contacts(id, '?q=zulu')).set(fx.owner.auth);
      expect(none.body).toEqual({ items: [], nextCursor: null });

      const badCursor = await api().get(contacts(id, '?cursor=garbage')).set(fx.owner.auth);
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.code).toBe('INVALID_CURSOR');
      const otherQuery = await api()
        .get(contacts(id, `?q=a&cursor=${first.body.nextCursor}`))
        .set(fx.owner.auth);
      expect(otherQuery.status).toBe(400);
      expect(otherQuery.body.code).toBe('INVALID_CURSOR');
      const badLimit = await api().get(contacts(id, '?limit=0')).set(fx.owner.auth);
      expect(badLimit.status).toBe(400);
      expect(badLimit.body.code).toBe('VALIDATION_FAILED');
    });

    it('patches some fields, puts all of them, and keeps what the web app does not edit', async () => {
      const created = await createContact({
        fullName: 'Bob',
        emails: ['bob@example.com'],
        phones: ['0612345678'],
        organisation: 'Builders',
      });
      const patched = await api()
        .patch(contacts(fx.familyBook, `/${created.id}`))
        .set(fx.owner.auth)
        .set('If-Match', created.etag)
        .send({ givenName: 'Robert', organisation: null });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        id: created.id,
        uid: created.uid,
        fullName: 'Bob',
        givenName: 'Robert',
        organisation: null,
        emails: ['bob@example.com'],
      });
      expect(patched.body.etag).not.toBe(created.etag);
      expect(patched.headers.etag).toBe(patched.body.etag);

      const put = await api()
        .put(contacts(fx.familyBook, `/${created.id}`))
        .set(fx.owner.auth)
        .send({ fullName: 'Robert Builder', emails: ['rb@example.com'] });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({
        fullName: 'Robert Builder',
        givenName: null,
        emails: ['rb@example.com'],
        phones: [],
        note: null,
      });
    });

    it('refuses a stale If-Match with 412 and changes nothing', async () => {
      const created = await createContact({ fullName: 'Carol' });
      const first = await api()
        .patch(contacts(fx.familyBook, `/${created.id}`))
        .set(fx.owner.auth)
        .set('If-Match', created.etag)
        .send({ fullName: 'Carol A' });
      expect(first.status).toBe(200);
      const stale = await api()
        .patch(contacts(fx.familyBook, `/${created.id}`))
        .set(fx.owner.auth)
        .set('If-Match', created.etag)
        .send({ fullName: 'Carol B' });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('PRECONDITION_FAILED');
      const staleDelete = await api()
        .delete(contacts(fx.familyBook, `/${created.id}`))
        .set(fx.owner.auth)
        .set('If-Match', created.etag);
      expect(staleDelete.status).toBe(412);
      const read = await api()
        .get(contacts(fx.familyBook, `/${created.id}`))
        .set(fx.owner.auth);
      expect(read.body.fullName).toBe('Carol A');
    });

    it('refuses malformed bodies with 400 and stores nothing', async () => {
      const before = await api().get(contacts()).set(fx.owner.auth);
      for (const body of [
        {},
        { fullName: '' },
        { fullName: 'X', emails: 'not-a-list' },
        { fullName: 'X', phones: [42] },
        { fullName: 'X', unknown: true },
      ]) {
        const response = await api().post(contacts()).set(fx.owner.auth).send(body);
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
      }
      const notJson = await api()
        .post(contacts())
        .set(fx.owner.auth)
        .set('Content-Type', 'application/json')
        .send('{"fullName": ');
      expect(notJson.status).toBe(400);
      expect(notJson.body.code).toBe('MALFORMED_BODY');
      const after = await api().get(contacts()).set(fx.owner.auth);
      expect(after.body.items).toHaveLength(before.body.items.length);
    });

    it('answers 404 for unknown contacts, calendars as books, and other households', async () => {
      const created = await createContact({ fullName: 'Dave' });
      const unknown = await api()
        .get(contacts(fx.familyBook, '/00000000-0000-0000-0000-000000000000'))
        .set(fx.owner.auth);
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('OBJECT_NOT_FOUND');
      const calendar = await api().get(contacts(fx.familyCalendar)).set(fx.owner.auth);
      expect(calendar.status).toBe(404);
      expect(calendar.body.code).toBe('COLLECTION_NOT_FOUND');
      // Another household's member: the household does not exist for them …
      const outsider = await api()
        .get(contacts(fx.familyBook, `/${created.id}`))
        .set(stranger.owner.auth);
      expect(outsider.status).toBe(404);
      expect(outsider.body.code).toBe('HOUSEHOLD_NOT_FOUND');
      // … and through their own household, the collection id is unknown.
      for (const request_ of [
        api().get(pimUrl(stranger.home.id, `/addressbooks/${fx.familyBook}/contacts`)),
        api().post(pimUrl(stranger.home.id, `/addressbooks/${fx.familyBook}/contacts`)),
        api().delete(
          pimUrl(stranger.home.id, `/addressbooks/${fx.familyBook}/contacts/${created.id}`),
        ),
        api().get(pimUrl(stranger.home.id, `/addressbooks/${fx.familyBook}/export`)),
      ]) {
        const response = await request_.set(stranger.owner.auth).send({ fullName: 'X' });
        expect(response.status).toBe(404);
        expect(response.body.code).toBe('COLLECTION_NOT_FOUND');
      }
      const still = await api()
        .get(contacts(fx.familyBook, `/${created.id}`))
        .set(fx.owner.auth);
      expect(still.status).toBe(200);
    });

    it('lets a child delete only what they created', async () => {
      const owners = await createContact({ fullName: 'Owner made' });
      const childs = await createContact({ fullName: 'Child made' }, child);
      const refused = await api()
        .delete(contacts(fx.familyBook, `/${owners.id}`))
        .set(child.auth);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('HOUSEHOLD_PERMISSION_DENIED');
      const own = await api()
        .delete(contacts(fx.familyBook, `/${childs.id}`))
        .set(child.auth);
      expect(own.status).toBe(204);
      const byMember = await api()
        .delete(contacts(fx.familyBook, `/${owners.id}`))
        .set(member.auth);
      expect(byMember.status).toBe(204);
      const gone = await api()
        .get(contacts(fx.familyBook, `/${owners.id}`))
        .set(fx.owner.auth);
      expect(gone.status).toBe(404);
    });

    it('refuses every change in a read-only household, and still reads and exports', async () => {
      const created = await createContact({ fullName: 'Frozen' });
      await setHouseholdStatus(testApp, { id: fx.home.id }, 'suspended');
      try {
        const attempts = [
          api().post(contacts()).send({ fullName: 'New' }),
          api()
            .patch(contacts(fx.familyBook, `/${created.id}`))
            .send({ fullName: 'Changed' }),
          api()
            .put(contacts(fx.familyBook, `/${created.id}`))
            .send({ fullName: 'Changed' }),
          api().delete(contacts(fx.familyBook, `/${created.id}`)),
          api().post(pimUrl(fx.home.id, '/addressbooks')).send({ displayName: 'New' }),
          api()
            .patch(pimUrl(fx.home.id, `/addressbooks/${fx.familyBook}`))
            .send({ displayName: 'X' }),
          api().delete(pimUrl(fx.home.id, `/addressbooks/${fx.familyBook}`)),
          api()
            .post(pimUrl(fx.home.id, `/addressbooks/${fx.familyBook}/import`))
            .set('Content-Type', 'text/vcard')
            .send('BEGIN:VCARD\r\nVERSION:4.0\r\nUID:x\r\nFN:x\r\nEND:VCARD\r\n'),
        ];
        for (const attempt of attempts) {
          const response = await attempt.set(fx.owner.auth);
          expect(response.status).toBe(409);
          expect(response.body.code).toBe('HOUSEHOLD_READ_ONLY');
        }
        const read = await api()
          .get(contacts(fx.familyBook, `/${created.id}`))
          .set(fx.owner.auth);
        expect(read.body.fullName).toBe('Frozen');
        const exported = await api()
          .get(pimUrl(fx.home.id, `/addressbooks/${fx.familyBook}/export`))
          .set(fx.owner.auth);
        expect(exported.status).toBe(200);
      } finally {
        await setHouseholdStatus(testApp, { id: fx.home.id }, 'active');
      }
    });

    it('needs a signed-in user', async () => {
      const response = await api().get(contacts());
      expect(response.status).toBe(401);
    });
  });
});
