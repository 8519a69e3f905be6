import type { Server } from 'node:http';
import request from 'supertest';
import type { TestUser } from './user.factory';

export interface TestFileItem {
  id: string;
  name: string;
  path: string;
  kind: 'file' | 'folder';
  size: number;
  sha256: string | null;
  contentType: string | null;
  etag: string;
  createdBy: string | null;
  createdAt: string;
  modifiedAt: string;
}

/** `/api/v1/households/<hid>/files<rest>` */
export function filesUrl(hid: string, rest = ''): string {
  return `/api/v1/households/${hid}/files${rest}`;
}

/** `?path=` with the path encoded, as a client should send it. */
export function pathQuery(path: string): string {
  return `?path=${encodeURIComponent(path)}`;
}

/**
 * Uploads a file through the API in one line: `await uploadFile(testApp, ada, home.id,
 * '/Documents/a.txt', 'hello')`. Fails unless it answers 201 or 200.
 */
export async function uploadFile(
  testApp: { server: Server },
  user: Pick<TestUser, 'auth'>,
  hid: string,
  path: string,
  content: Buffer | string,
  contentType = 'application/octet-stream',
): Promise<TestFileItem> {
  const response = await request(testApp.server)
    .put(filesUrl(hid, `/content${pathQuery(path)}`))
    .set(user.auth)
    .set('Content-Type', contentType)
    .send(typeof content === 'string' ? Buffer.from(content) : content);
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(`uploadFile: PUT answered ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as TestFileItem;
}

/** Creates a folder (and its missing parents) through the API; fails unless it answers 201. */
export async function createFolder(
  testApp: { server: Server },
  user: Pick<TestUser, 'auth'>,
  hid: string,
  path: string,
): Promise<TestFileItem> {
  const response = await request(testApp.server)
    .post(filesUrl(hid, '/folders'))
    .set(user.auth)
    .send({ path });
  if (response.status !== 201) {
    throw new Error(`createFolder: answered ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as TestFileItem;
}

/** A supertest parser that keeps the body as bytes, whatever its type: `.parse(binaryParser)`. */
export function binaryParser(
  response: unknown,
  callback: (error: Error | null, body: Buffer) => void,
): void {
  const stream = response as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
  stream.on('error', (error: Error) => callback(error, Buffer.alloc(0)));
}
