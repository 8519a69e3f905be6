import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

const execute = promisify(execFile);
export const FOYER = path.resolve(__dirname, '..', '..', '..', 'bin', 'foyer.js');

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `foyer <args>` as a person would, with exactly `env` (plus PATH and HOME). */
export async function runFoyer(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 180_000,
): Promise<Ran> {
  try {
    const { stdout, stderr } = await execute(process.execPath, [FOYER, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      maxBuffer: 16 * 1024 * 1024,
      timeout: timeoutMs,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failure.code === 'number' ? failure.code : -1,
      stdout: failure.stdout ?? '',
      stderr: failure.stderr ?? '',
    };
  }
}

/** The environment of the embedded default on a data directory of its own (nothing else set). */
export function embedded(
  dataDir: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { FOYER_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra };
}
