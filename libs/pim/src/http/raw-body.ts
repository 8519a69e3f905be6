import type { Request } from 'express';
import { CoreErrorCode, FoyerError } from '@foyer/core';

/** Types the api's body parsers consume: such a body never arrives here as a stream. */
const PARSED_TYPES = ['application/json', 'application/x-www-form-urlencoded', '+json'];

function tooLarge(maxBytes: number): FoyerError {
  return new FoyerError(
    413,
    CoreErrorCode.PayloadTooLarge,
    `The file is larger than ${Math.floor(maxBytes / (1024 * 1024))} MiB`,
  );
}

/**
 * Reads a raw request body (an uploaded .vcf, .ics or .csv) up to `maxBytes`: a declared
 * Content-Length over the cap is refused before a byte is read, a body that grows past it is
 * refused as soon as it does (the rest is drained, not kept). JSON and form bodies are refused
 * (415): the api would have parsed them, and a file is sent as its bytes.
 */
export async function readRawBody(request: Request, maxBytes: number): Promise<Buffer> {
  if (request.is(PARSED_TYPES)) {
    throw new FoyerError(
      415,
      CoreErrorCode.UnsupportedMediaType,
      'Send the file as its raw bytes (text/vcard, text/calendar, text/csv or application/octet-stream), not as JSON or a form',
    );
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    request.resume();
    throw tooLarge(maxBytes);
  }
  // Listeners rather than an async iterator: leaving an iterator early destroys the socket, and
  // the client would see a reset instead of the 413.
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      cleanUp();
      request.resume();
      reject(tooLarge(maxBytes));
    };
    const onEnd = () => {
      cleanUp();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanUp();
      reject(error);
    };
    // A client that goes away before the end: nobody is left to answer, nothing is kept.
    const onClose = () => {
      cleanUp();
      reject(new Error('The client closed the connection before the body was complete'));
    };
    const cleanUp = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}

/** A body as UTF-8 text, without a byte-order mark. */
export function utf8Text(body: Buffer): string {
  return body.toString('utf8').replace(/^\uFEFF/, '');
}
