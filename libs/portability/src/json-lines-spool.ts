import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';

/**
 * Values written one JSON line at a time to a temporary file, then read back in order, as often
 * as needed. An export keeps what it must remember of every entry (the files snapshot, the
 * manifest's list) here rather than in memory, so the worker's memory does not grow with the
 * number of files. The file lives in the operating system's temporary directory (`TMPDIR`).
 */
export class JsonLinesSpool<T> {
  private writing: WriteStream | undefined;
  private lines = 0;

  private constructor(
    /** The spool's own temporary directory, removed whole by `remove()`. */
    readonly directory: string,
    private readonly file: string,
  ) {
    this.writing = createWriteStream(file, { flags: 'wx' });
    // A failed write is reported by the next append or by close(); never as an unhandled event.
    this.writing.on('error', () => undefined);
  }

  static async create<T>(name: string): Promise<JsonLinesSpool<T>> {
    const directory = await mkdtemp(path.join(tmpdir(), `foyer-${name}-`));
    return new JsonLinesSpool<T>(directory, path.join(directory, `${name}.jsonl`));
  }

  get count(): number {
    return this.lines;
  }

  /** Adds a value; waits when the disk is behind, so nothing piles up in memory. */
  async append(value: T): Promise<void> {
    const out = this.writable();
    this.lines++;
    // once() also rejects should the stream fail while waiting.
    if (!out.write(`${JSON.stringify(value)}\n`)) await once(out, 'drain');
  }

  /** Ends writing: from now on the values can be read (and no more appended). */
  async close(): Promise<void> {
    const out = this.writable();
    this.writing = undefined;
    out.end();
    await finished(out);
  }

  /** Every value, in the order appended. */
  async *values(): AsyncGenerator<T> {
    if (this.writing) throw new Error('The spool is still being written');
    const input = createReadStream(this.file);
    const lines = createInterface({ input, crlfDelay: Infinity });
    try {
      for await (const line of lines) yield JSON.parse(line) as T;
    } finally {
      lines.close();
      input.destroy();
    }
  }

  /** Deletes the file; safe to call more than once, and while it is still being written. */
  async remove(): Promise<void> {
    this.writing?.destroy();
    this.writing = undefined;
    await rm(this.directory, { recursive: true, force: true });
  }

  private writable(): WriteStream {
    if (!this.writing) throw new Error('The spool is closed');
    if (this.writing.errored) throw this.writing.errored;
    return this.writing;
  }
}
