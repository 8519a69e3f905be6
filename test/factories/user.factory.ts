import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import type { TestDatabase } from '../harness/test-database';
import { ownerQuery } from './owner-sql';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  displayName: string;
  /** The session token (also what `auth` and `cookie` carry). */
  accessToken: string;
  /** Headers for supertest: `.set(user.auth)`. */
  auth: { Authorization: string };
  /** The session cookie, as a `Cookie` header value: `.set('Cookie', user.cookie)`. */
  cookie: string;
}

export interface UserOptions {
  email?: string;
  password?: string;
  displayName?: string;
  /** Mark the email verified (as the link would); default false. */
  verified?: boolean;
  /** The account's language, as the web app sends it at signup; default: none sent (English). */
  language?: 'en' | 'fr';
}

/** An email no other test uses (the harness's mail server files mail by address). */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}@example.com`;
}

/** A password that passes the policy (long enough, not a common one). */
export function strongPassword(): string {
  return `Hearth-${randomBytes(9).toString('base64url')}`;
}

/**
 * A signed-up and signed-in user in one line, through the real API:
 * `const ada = await createUser(testApp, { verified: true })`. Needs FOYER_SIGNUP=open (the
 * harness default) unless it is the first account of the database.
 */
export async function createUser(
  testApp: { server: Server; db: Pick<TestDatabase, 'ownerUrl'> },
  options: UserOptions = {},
): Promise<TestUser> {
  const email = options.email ?? uniqueEmail();
  const password = options.password ?? strongPassword();
  const displayName = options.displayName ?? 'Test Person';
  const signup = await request(testApp.server)
    .post('/api/v1/auth/signup')
    .send({
      email,
      password,
      displayName,
      ...(options.language ? { language: options.language } : {}),
    });
  if (signup.status !== 201) {
    throw new Error(`createUser: signup answered ${signup.status} ${JSON.stringify(signup.body)}`);
  }
  const id = (signup.body as { id: string }).id;
  if (options.verified) {
    await ownerQuery(testApp.db, 'UPDATE users SET email_verified_at = now() WHERE id = $1', [id]);
  }
  const session = await signIn(testApp.server, email, password);
  return { id, email: email.toLowerCase(), password, displayName, ...session };
}

/** Signs in an existing account and returns its session, ready for supertest. */
export async function signIn(
  server: Server,
  email: string,
  password: string,
): Promise<Pick<TestUser, 'accessToken' | 'auth' | 'cookie'>> {
  const login = await request(server).post('/api/v1/auth/login').send({ email, password });
  if (login.status !== 200) {
    throw new Error(`signIn: login answered ${login.status} ${JSON.stringify(login.body)}`);
  }
  const accessToken = (login.body as { accessToken: string }).accessToken;
  return {
    accessToken,
    auth: { Authorization: `Bearer ${accessToken}` },
    cookie: `foyer_session=${accessToken}`,
  };
}
