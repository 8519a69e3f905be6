import { once } from 'node:events';
import type { Response } from 'express';

/** Parts are sent in writes of about this size: few syscalls, little held in memory. */
const WRITE_BYTES = 64 * 1024;

/**
 * Sends a 207 Multi-Status from parts produced one `D:response` at a time, waiting whenever the
 * client reads slower than we write: memory stays at one write whatever the number of resources
 * and properties. A failure after the first write cuts the connection (the status is gone).
 */
export async function sendMultistatus(
  response: Response,
  parts: AsyncIterable<string> | Iterable<string>,
): Promise<void> {
  response.status(207).type('application/xml; charset=utf-8');
  let pending = '';
  /** Writes what is pending; false once the client has gone (nothing more is produced). */
  const flush = async (): Promise<boolean> => {
    const chunk = pending;
    pending = '';
    if (chunk !== '' && !response.write(chunk)) {
      await Promise.race([once(response, 'drain'), once(response, 'close')]);
    }
    return !response.destroyed;
  };
  for await (const part of parts) {
    pending += part;
    if (pending.length >= WRITE_BYTES && !(await flush())) return;
  }
  if (await flush()) response.end();
}
