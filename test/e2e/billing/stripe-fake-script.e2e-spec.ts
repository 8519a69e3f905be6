import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { findFreePort } from '../../../libs/core/src/database/free-port';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** `npm run stripe:fake` as a developer types it, next to a Foyer started with `npm start`. */
describe('npm run stripe:fake', () => {
  it("delivers its webhooks to Foyer's default address unless told otherwise", async () => {
    const port = await findFreePort();
    const child = spawn('npm', ['run', '--silent', 'stripe:fake'], {
      cwd: ROOT,
      detached: true,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, STRIPE_FAKE_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const deadline = Date.now() + 60_000;
      while (!output.includes('webhooks to') && child.exitCode === null) {
        if (Date.now() > deadline) throw new Error(`No start line:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(output).toContain(`Stripe fake on http://127.0.0.1:${port}`);
      expect(output).toContain('webhooks to http://localhost:8080/api/v1/billing/stripe/webhook');
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  });
});
