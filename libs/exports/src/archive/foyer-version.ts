import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

/**
 * Foyer's version from the repository's package.json, found by walking up from this file (the
 * compiled file sits one level deeper than the source, so a fixed relative path would not do).
 */
export function foyerVersion(): string {
  if (cached !== undefined) return cached;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === 'foyer' && manifest.version) return (cached = manifest.version);
    }
    if (path.dirname(dir) === dir) return (cached = 'unknown');
  }
}
