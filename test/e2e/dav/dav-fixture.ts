import type { Server } from 'node:http';
import request from 'supertest';
import { addMember } from '../../factories/household.factory';
import { createUser } from '../../factories/user.factory';
import type { TestApp } from '../../harness/test-app';
import { FilesFixture, ownerWithHousehold } from '../files/files-fixture';

export interface DavFixture extends FilesFixture {
  /** `Basic base64(email:app-password)` */
  basic: string;
}

/** A verified owner with an active household and an app password for DAV. */
export async function davFixture(testApp: TestApp, name = 'Dav home'): Promise<DavFixture> {
  const fx = await ownerWithHousehold(testApp, name);
  const created = await request(testApp.server)
    .post('/api/v1/me/app-passwords')
    .set(fx.owner.auth)
    .send({ label: 'cadaver' })
    .expect(201);
  const password = (created.body as { password: string }).password;
  return { ...fx, basic: basicAuth(fx.owner.email, password) };
}

/** A new verified member of the household with that role, as DAV credentials (an app password). */
export async function davMember(
  testApp: TestApp,
  home: DavFixture['home'],
  role: 'admin' | 'member' | 'child',
): Promise<string> {
  const user = await createUser(testApp, { verified: true });
  await addMember(testApp, home, user, role);
  const created = await request(testApp.server)
    .post('/api/v1/me/app-passwords')
    .set(user.auth)
    .send({ label: 'dav' })
    .expect(201);
  return basicAuth(user.email, (created.body as { password: string }).password);
}

export function basicAuth(email: string, password: string): string {
  return `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
}

/** A request with any method (PROPFIND, MKCOL, COPY, MOVE ...). */
export function dav(server: Server, method: string, url: string): request.Test {
  return new request.Test(server, method, url);
}

/** `/dav/files/<slug><path>` */
export function davUrl(slug: string, path = '/'): string {
  return `/dav/files/${slug}${path}`;
}
