import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startHeartbeat } from './worker-heartbeat';

describe('the worker heartbeat', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'foyer-heartbeat-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('touches the file at start and again on every beat, and stops when asked', async () => {
    const file = path.join(directory, 'worker.heartbeat');
    const heartbeat = await startHeartbeat(file, 20);
    const first = statSync(file).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 120));
    const later = statSync(file).mtimeMs;
    expect(later).toBeGreaterThan(first);
    await heartbeat.stop();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const stopped = statSync(file).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(statSync(file).mtimeMs).toBe(stopped);
  });

  it('keeps the worker running when the file cannot be written (the probe will tell)', async () => {
    const heartbeat = await startHeartbeat(path.join(directory, 'missing', 'worker.heartbeat'), 20);
    await heartbeat.stop();
    expect(() => statSync(path.join(directory, 'missing', 'worker.heartbeat'))).toThrow();
  });
});
