import request from 'supertest';
import { filesUrl, pathQuery, uploadFile } from '../../factories/file.factory';
import { createUser, uniqueEmail } from '../../factories/user.factory';
import { waitForMail } from '../../harness/mailbox';
import { createTestApp, TestApp } from '../../harness/test-app';
import { requestExport, waitForExport } from '../exports/export-helpers';
import { createActiveHousehold } from '../households/provisioning-helpers';

/**
 * A French-speaking family's mails, as its mailboxes receive them over SMTP: every one in French,
 * with the web app's words, and its default folders named in French.
 */
describe('mails and default content in the account’s language', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ FOYER_DELETION_GRACE_DAYS: '30' });
  });
  afterAll(() => testApp?.close());

  it('names the default folders, and writes the invite, export and deletion mails, in French', async () => {
    const owner = await createUser(testApp, {
      verified: true,
      displayName: 'Amélie',
      language: 'fr',
    });
    const home = await createActiveHousehold(testApp.server, owner, 'Les Martin');

    const root = await request(testApp.server)
      .get(filesUrl(home.id, pathQuery('/')))
      .set(owner.auth)
      .expect(200);
    const folders = (root.body.items as { name: string }[]).map((item) => item.name).sort();
    expect(folders).toEqual(['Documents', 'Partagé', 'Photos']);

    // An invite to someone without an account: the inviter's language.
    const grandma = uniqueEmail('mamie');
    await request(testApp.server)
      .post(`/api/v1/households/${home.id}/invites`)
      .set(owner.auth)
      .send({ email: grandma, role: 'member' })
      .expect(201);
    const invite = await waitForMail(grandma);
    expect(invite.subject).toBe('Amélie vous invite à rejoindre le foyer « Les Martin » sur Foyer');
    expect(invite.text).toContain('en tant que membre');
    expect(invite.text).toMatch(/jusqu’au \p{L}+ \d+ \p{L}+ \d{4} à \d\d:\d\d UTC/u);

    // The export: its size in French units, its date in French.
    await uploadFile(testApp, owner, home.id, '/Documents/recette.txt', 'Soupe à l’oignon');
    const created = await requestExport(testApp.server, owner, home.id);
    await waitForExport(testApp.server, owner, home.id, created.id);
    const ready = await waitForMail(owner.email, { subject: /export/ });
    expect(ready.subject).toBe('Votre export de « Les Martin » est prêt');
    expect(ready.text).toContain('Bonjour Amélie,');
    expect(ready.text).toMatch(/Taille : [\d,]+ (o|Ko|Mo)\./);
    expect(ready.text).toContain('Elle peut être téléchargée jusqu’au');

    // The deletion notice.
    await request(testApp.server)
      .delete(`/api/v1/households/${home.id}`)
      .set(owner.auth)
      .send({ password: owner.password })
      .expect(202);
    const deletion = await waitForMail(owner.email, { subject: /supprimé/ });
    expect(deletion.subject).toBe('Le foyer « Les Martin » va être supprimé');
    expect(deletion.text).toContain('Amélie a demandé la suppression du foyer « Les Martin »');
    expect(deletion.text).not.toMatch(/Hello|household/);
  });

  it('writes to an English-speaking invitee with an account in English, whoever invites', async () => {
    const owner = await createUser(testApp, { verified: true, displayName: 'Zoé', language: 'fr' });
    const friend = await createUser(testApp, { verified: true, displayName: 'Ann' });
    const home = await createActiveHousehold(testApp.server, owner, 'Chez Zoé');
    const root = await request(testApp.server)
      .get(filesUrl(home.id, pathQuery('/')))
      .set(owner.auth)
      .expect(200);
    expect((root.body.items as { name: string }[]).map((item) => item.name)).toContain('Partagé');
    await request(testApp.server)
      .post(`/api/v1/households/${home.id}/invites`)
      .set(owner.auth)
      .send({ email: friend.email, role: 'admin' })
      .expect(201);
    const invite = await waitForMail(friend.email, { subject: /invited you/ });
    expect(invite.subject).toBe('Zoé invited you to the household "Chez Zoé" on Foyer');
    expect(invite.text).toContain('as an admin');
  });
});
