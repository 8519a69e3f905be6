import { CliError } from '../cli-error';

/** What `GET /api/v1/migration/source` says a migration token opens. */
export interface MigrationSource {
  household: { id: string; slug: string; name: string };
  exportsPath: string;
  movedPath: string;
}

export interface SourceExport {
  id: string;
  status: string;
  progress?: { entriesDone?: number; entryTotal?: number; bytesDone?: number; byteTotal?: number };
  size?: number | null;
  sha256?: string | null;
}

/**
 * The source Foyer's API as `foyer migrate` uses it, with the migration token as a bearer
 * token: which household it opens, its export (ask, follow, download) and the `moved` mark.
 */
export class MigrationSourceClient {
  readonly base: string;

  constructor(
    from: string,
    private readonly token: string,
  ) {
    let url: URL;
    try {
      url = new URL(from);
    } catch {
      throw new CliError(
        `--from must be the address of a Foyer, e.g. https://foyer.example.org (got ${from})`,
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new CliError(`--from must be an http(s) address (got ${from})`);
    }
    this.base = url.origin;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { Authorization: `Bearer ${this.token}`, Accept: 'application/json', ...extra };
  }

  url(pathname: string): string {
    return `${this.base}${pathname}`;
  }

  async source(household?: string): Promise<MigrationSource> {
    const response = await this.fetch('/api/v1/migration/source');
    if (response.ok) return (await response.json()) as MigrationSource;
    if (household && (response.status === 404 || response.status === 401)) {
      // A source without the migration endpoint, reached with a session token: the household
      // named on the command line.
      const base = `/api/v1/households/${encodeURIComponent(household)}`;
      const detail = await this.fetch(base);
      if (!detail.ok) throw await refusal('reading the household', detail);
      const body = (await detail.json()) as { id: string; slug: string; name: string };
      const id = body.id;
      return {
        household: { id, slug: body.slug, name: body.name },
        exportsPath: `/api/v1/households/${id}/exports`,
        movedPath: `/api/v1/households/${id}/moved`,
      };
    }
    throw await refusal('asking the source which household the token opens', response);
  }

  async requestExport(source: MigrationSource): Promise<SourceExport> {
    const response = await this.fetch(source.exportsPath, {
      method: 'POST',
      headers: this.headers({ 'Content-Type': 'application/json' }),
      body: JSON.stringify({ scope: 'household' }),
    });
    if (!response.ok) throw await refusal('asking for the export', response);
    return (await response.json()) as SourceExport;
  }

  async exportStatus(source: MigrationSource, exportId: string): Promise<SourceExport | null> {
    const response = await this.fetch(`${source.exportsPath}/${exportId}`);
    if (response.status === 404) return null;
    if (!response.ok) throw await refusal('following the export', response);
    return (await response.json()) as SourceExport;
  }

  async markMoved(source: MigrationSource, newAddress: string): Promise<void> {
    const response = await this.fetch(source.movedPath, {
      method: 'POST',
      headers: this.headers({ 'Content-Type': 'application/json' }),
      body: JSON.stringify({ newAddress }),
    });
    if (!response.ok) throw await refusal('marking the household moved on the source', response);
  }

  fetch(pathname: string, init: RequestInit = {}): Promise<Response> {
    return fetch(this.url(pathname), { headers: this.headers(), ...init }).catch(
      (error: unknown) => {
        throw new CliError(
          `Cannot reach ${this.base}: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}`,
        );
      },
    );
  }
}

/** A refusal of the source, in words (its `{code, message}` when it sent one). */
export async function refusal(what: string, response: Response): Promise<CliError> {
  const text = await response.text().catch(() => '');
  let detail = text.slice(0, 300);
  try {
    const body = JSON.parse(text) as { code?: string; message?: string };
    if (body.message) detail = `${body.code ? `${body.code}: ` : ''}${body.message}`;
  } catch {
    // Not JSON: the text as it came.
  }
  return new CliError(
    `The source refused ${what} (HTTP ${response.status}${detail ? `, ${detail}` : ''})`,
  );
}
