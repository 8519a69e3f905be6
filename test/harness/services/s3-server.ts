/**
 * The S3 server of the test harness: s3rver on 127.0.0.1, with the two bridges DESIGN.md
 * describes. Runs as its own process under --openssl-legacy-provider (s3rver's listing tokens use
 * DES) and prints `{"port": N}` on its first line once it listens.
 */
import { createServer } from 'node:http';
import * as path from 'node:path';
import S3rver from 's3rver';

const directory = process.argv[2] ?? path.join(process.cwd(), 'test-artifacts', 's3rver');

// The minio client lists multipart uploads before each multipart upload; s3rver 3.7 answers
// NotImplemented, so the harness answers with an empty listing.
function isListMultipartUploads(method: string | undefined, url: string | undefined): boolean {
  if (method !== 'GET' || !url) return false;
  const parsed = new URL(url, 'http://s3');
  return (
    parsed.searchParams.has('uploads') && parsed.pathname.split('/').filter(Boolean).length === 1
  );
}

const s3rver = new S3rver({ directory, silent: true, resetOnClose: true });
const handler = s3rver.callback();

const server = createServer((request, response) => {
  if (isListMultipartUploads(request.method, request.url)) {
    const bucket = new URL(request.url ?? '/', 'http://s3').pathname.split('/').filter(Boolean)[0];
    response.writeHead(200, { 'Content-Type': 'application/xml' });
    response.end(
      '<?xml version="1.0" encoding="UTF-8"?>' +
        '<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
        `<Bucket>${bucket}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>` +
        '<MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>',
    );
    return;
  }
  void handler(request, response);
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === 'object' ? address?.port : 0 })}\n`,
  );
});

const stop = (): void => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
