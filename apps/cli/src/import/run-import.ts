import { statSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import {
  HouseholdImporter,
  ImportProgress,
  ImportRecord,
  ImportRequestsService,
  ImportSourceKind,
} from '@foyer/imports';
import { ProgressDisplay } from '../progress-display';
import { asProgress, PHASE_LABELS } from './describe-import';

/**
 * Imports a local archive in this process, with progress on stderr. One attempt: a failure
 * removes what was created (there is no queue to retry it; running the command again starts over).
 */
export async function runImport(
  app: INestApplicationContext,
  archivePath: string,
  source: { kind: ImportSourceKind.File | ImportSourceKind.Migration; name: string },
  ownerEmail: string | undefined,
): Promise<ImportRecord> {
  const requests = app.get(ImportRequestsService);
  const record = await requests.fromFile(
    source.kind,
    source.name,
    statSync(archivePath).size,
    requests.ownerEmail(ownerEmail),
  );
  let display: ProgressDisplay | undefined;
  let phase: ImportProgress['phase'] | undefined;
  let last: ImportProgress | undefined;
  const finished = await app.get(HouseholdImporter).run(record.id, {
    archivePath,
    finalAttempt: true,
    onProgress: (progress) => {
      if (progress.phase !== phase) {
        if (display && last) display.finish(asProgress(last));
        phase = progress.phase;
        display = new ProgressDisplay(PHASE_LABELS[progress.phase], process.stderr);
      }
      last = progress;
      display?.update(asProgress(progress));
    },
  });
  if (display) display.finish(last ? asProgress(last) : undefined);
  return finished;
}
