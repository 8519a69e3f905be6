/** How far an archive is, for the job's row and the CLI's progress bar. */
export interface ArchiveProgress {
  entriesDone: number;
  entryTotal: number;
  bytesDone: number;
  byteTotal: number;
}
