import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { contentDisposition, FoyerError } from '@foyer/core';
import { etagOf, FileItem } from '../services/file-item';
import { FileNodeRow } from '../repositories/file-node-row';
import { planDownload } from './download-headers';
import { requestHeader } from './request-headers';

export interface SendFileContentOptions {
  /** Opens the bytes (a range of them); not called for HEAD. */
  open(range?: { start: number; end: number }): Promise<{ node: FileNodeRow; body: Readable }>;
  /** How the browser should treat the bytes, once the node is known. */
  disposition(node: FileNodeRow): 'inline' | 'attachment';
}

/**
 * Answers GET/HEAD for a file, for the REST API and WebDAV alike: ETag and Last-Modified,
 * conditional requests (304/412), one byte range (206, or 416 with the size), and the bytes
 * streamed. User bytes are served from the api's origin, so they are always sandboxed.
 */
export async function sendFileContent(
  request: Request,
  response: Response,
  item: FileItem,
  options: SendFileContentOptions,
): Promise<void> {
  const etag = etagOf(item.node);
  response.setHeader('ETag', etag);
  response.setHeader('Last-Modified', item.node.modifiedAt.toUTCString());
  response.setHeader('Accept-Ranges', 'bytes');
  let plan;
  try {
    plan = planDownload(item.node, etag, {
      ifMatch: requestHeader(request, 'if-match'),
      ifNoneMatch: requestHeader(request, 'if-none-match'),
      ifModifiedSince: requestHeader(request, 'if-modified-since'),
      ifUnmodifiedSince: requestHeader(request, 'if-unmodified-since'),
      ifRange: requestHeader(request, 'if-range'),
      range: requestHeader(request, 'range'),
    });
  } catch (error) {
    if ((error as FoyerError).status === 416) {
      response.setHeader('Content-Range', `bytes */${item.node.size}`);
    }
    throw error;
  }
  if (plan.kind === 'not-modified') {
    response.status(304).end();
    return;
  }
  const partial = plan.kind === 'partial' ? plan.range : undefined;
  // Opened before the headers are final: a read that lost a race with an overwrite is served
  // from the new content (whole-file reads only), and its headers must say so.
  const opened = request.method === 'HEAD' ? undefined : await options.open(partial);
  const node = opened?.node ?? item.node;
  response.setHeader('ETag', etagOf(node));
  response.setHeader('Last-Modified', node.modifiedAt.toUTCString());
  response.setHeader('Content-Type', node.contentType ?? 'application/octet-stream');
  response.setHeader(
    'Content-Disposition',
    contentDisposition(node.name, options.disposition(node)),
  );
  response.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
  response.setHeader('X-Content-Type-Options', 'nosniff');
  if (partial) {
    response.status(206);
    response.setHeader('Content-Range', `bytes ${partial.start}-${partial.end}/${node.size}`);
    response.setHeader('Content-Length', String(partial.end - partial.start + 1));
  } else {
    response.status(200);
    response.setHeader('Content-Length', String(node.size));
  }
  if (!opened) {
    response.end();
    return;
  }
  try {
    await pipeline(opened.body, response);
  } catch {
    // The client went away, or storage failed mid-stream: the connection is closed either way.
    response.destroy();
  }
}
