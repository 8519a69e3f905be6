/** Entries and bytes done out of the totals: what the export and the verification report. */
export interface Progress {
  readonly entriesDone: number;
  readonly entryTotal: number;
  readonly bytesDone: number;
  readonly byteTotal: number;
}

interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const BAR_WIDTH = 30;
/** A terminal is redrawn at most this often. */
const REDRAW_MS = 100;
/** Without a terminal (a log, a pipe), a line per this many percent. */
const LINE_STEP_PERCENT = 10;

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** Bytes decide the percentage (they take the time); entries when there are no bytes. */
export function percentOf(progress: Progress): number {
  const ratio =
    progress.byteTotal > 0
      ? progress.bytesDone / progress.byteTotal
      : progress.entryTotal > 0
        ? progress.entriesDone / progress.entryTotal
        : 1;
  return Math.max(0, Math.min(100, Math.floor(ratio * 100)));
}

export function describeProgress(progress: Progress): string {
  const entries = `${progress.entriesDone.toLocaleString('en')}/${progress.entryTotal.toLocaleString('en')} entries`;
  const bytes = `${formatBytes(progress.bytesDone)}/${formatBytes(progress.byteTotal)}`;
  return `${String(percentOf(progress)).padStart(3)}% ${entries}, ${bytes}`;
}

/**
 * Shows progress on stderr: a bar redrawn in place on a terminal, plain lines every 10%
 * otherwise (so that logs and CI output stay readable).
 */
export class ProgressDisplay {
  private lastDraw = -Infinity;
  private lastLinePercent = -1;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly out: Output,
    private readonly now: () => number = Date.now,
  ) {}

  update(progress: Progress, force = false): void {
    if (this.out.isTTY) {
      const time = this.now();
      if (!force && time - this.lastDraw < REDRAW_MS) return;
      this.lastDraw = time;
      const percent = percentOf(progress);
      const filled = Math.round((percent / 100) * BAR_WIDTH);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
      const line = `${this.label} ${bar} ${describeProgress(progress)}`;
      const width = this.out.columns ?? 0;
      this.out.write(`\r${width > 0 ? line.slice(0, width - 1) : line}\u001b[K`);
      this.drawn = true;
      return;
    }
    const percent = percentOf(progress);
    const step = Math.floor(percent / LINE_STEP_PERCENT) * LINE_STEP_PERCENT;
    if (!force && step <= this.lastLinePercent) return;
    this.lastLinePercent = step;
    this.out.write(`${this.label}: ${describeProgress(progress)}\n`);
  }

  /** The last state drawn for good; the terminal's cursor goes to the next line. */
  finish(progress?: Progress): void {
    if (progress && (this.out.isTTY || this.lastLinePercent < percentOf(progress))) {
      this.update(progress, true);
    }
    if (this.out.isTTY && this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
