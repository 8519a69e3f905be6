/**
 * The S3 server of the test harness: s3rver on 127.0.0.1, with the bridges DESIGN.md describes.
 * Runs as its own process under --openssl-legacy-provider (s3rver's listing tokens use DES) and
 * prints `{"port": N}` on its first line once it listens.
 *
 * s3rver 3.7 stores multipart uploads but cannot list, inspect or abort them (NotImplemented).
 * The minio client lists them before each multipart upload, and Foyer lists and aborts the ones
 * a killed process abandoned, so the harness keeps its own record of the uploads in flight
 * (from the initiate, complete and abort requests it forwards) and answers those three requests.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import S3rver from 's3rver';

const directory = process.argv[2] ?? path.join(process.cwd(), 'test-artifacts', 's3rver');
const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

interface UploadInFlight {
  bucket: string;
  key: string;
  uploadId: string;
  initiated: Date;
}

/** By upload id. */
const uploads = new Map<string, UploadInFlight>();

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sendXml(response: ServerResponse, body: string): void {
  response.writeHead(200, { 'Content-Type': 'application/xml' });
  response.end(`<?xml version="1.0" encoding="UTF-8"?>${body}`);
}

function listUploads(response: ServerResponse, bucket: string, prefix: string): void {
  const listed = [...uploads.values()].filter(
    (upload) => upload.bucket === bucket && upload.key.startsWith(prefix),
  );
  sendXml(
    response,
    `<ListMultipartUploadsResult xmlns="${S3_NAMESPACE}"><Bucket>${bucket}</Bucket>` +
      '<KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker><MaxUploads>1000</MaxUploads>' +
      '<IsTruncated>false</IsTruncated>' +
      listed
        .map(
          (upload) =>
            `<Upload><Key>${escapeXml(upload.key)}</Key><UploadId>${escapeXml(upload.uploadId)}</UploadId>` +
            `<StorageClass>STANDARD</StorageClass><Initiated>${upload.initiated.toISOString()}</Initiated></Upload>`,
        )
        .join('') +
      '</ListMultipartUploadsResult>',
  );
}

/** Parts are not listed: the minio client only sums their sizes for information. */
function listParts(response: ServerResponse, upload: UploadInFlight): void {
  sendXml(
    response,
    `<ListPartsResult xmlns="${S3_NAMESPACE}"><Bucket>${upload.bucket}</Bucket>` +
      `<Key>${escapeXml(upload.key)}</Key><UploadId>${escapeXml(upload.uploadId)}</UploadId>` +
      '<PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>0</NextPartNumberMarker>' +
      '<MaxParts>1000</MaxParts><IsTruncated>false</IsTruncated></ListPartsResult>',
  );
}

/** Remembers the upload id s3rver hands out, by reading its answer on the way out. */
function recordInitiatedUpload(response: ServerResponse, bucket: string, key: string): void {
  const chunks: Buffer[] = [];
  const write = response.write.bind(response) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  const keep = (chunk: unknown): void => {
    if (typeof chunk === 'string') chunks.push(Buffer.from(chunk));
    else if (Buffer.isBuffer(chunk)) chunks.push(chunk);
  };
  response.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk);
    return write(chunk, ...rest);
  }) as typeof response.write;
  response.end = ((...args: unknown[]) => {
    if (typeof args[0] !== 'function') keep(args[0]);
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(Buffer.concat(chunks).toString())?.[1];
    if (response.statusCode === 200 && uploadId) {
      uploads.set(uploadId, { bucket, key, uploadId, initiated: new Date() });
    }
    return end(...args);
  }) as typeof response.end;
}

/** Answers what s3rver cannot; returns false to let s3rver handle the request. */
function bridge(request: IncomingMessage, response: ServerResponse): boolean {
  const url = new URL(request.url ?? '/', 'http://s3');
  const [bucket, ...keyParts] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const key = keyParts.join('/');
  const uploadId = url.searchParams.get('uploadId');
  const upload = uploadId ? uploads.get(uploadId) : undefined;
  if (request.method === 'GET' && bucket && !key && url.searchParams.has('uploads')) {
    listUploads(response, bucket, url.searchParams.get('prefix') ?? '');
    return true;
  }
  if (request.method === 'GET' && key && uploadId) {
    if (!upload) return false;
    listParts(response, upload);
    return true;
  }
  if (request.method === 'DELETE' && key && uploadId) {
    // Abort: the parts s3rver keeps stay in its folder, invisible, until the run ends.
    uploads.delete(uploadId);
    response.writeHead(204).end();
    return true;
  }
  if (request.method === 'POST' && key && url.searchParams.has('uploads')) {
    recordInitiatedUpload(response, bucket, key);
  } else if (request.method === 'POST' && key && uploadId) {
    response.once('finish', () => {
      if (response.statusCode === 200) uploads.delete(uploadId);
    });
  }
  return false;
}

const s3rver = new S3rver({ directory, silent: true, resetOnClose: true });
const handler = s3rver.callback();

const server = createServer((request, response) => {
  if (!bridge(request, response)) void handler(request, response);
});

// Node closes an idle keep-alive socket after 5 s; the minio client may pick that socket for its
// next request at the same moment and fail with "socket hang up" (seen on a loaded machine).
// Real S3 and MinIO keep idle connections far longer, so the test server does too.
server.keepAliveTimeout = 65_000;
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
