import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Reads a JSON file of generated secrets under the data directory, creating missing entries once
 * (mode 0600), so that a second start reuses them.
 */
export async function ensureSecrets<K extends string>(
  file: string,
  names: readonly K[],
): Promise<Record<K, string>> {
  let secrets: Partial<Record<K, string>> = {};
  try {
    secrets = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<Record<K, string>>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const missing = names.filter((name) => !secrets[name]);
  if (missing.length > 0) {
    for (const name of missing) secrets[name] = randomBytes(24).toString('base64url');
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    await fs.rename(temporary, file);
  }
  return secrets as Record<K, string>;
}
