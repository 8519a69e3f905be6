import { performance } from 'node:perf_hooks';
import { FoyerError } from '@foyer/core';
import { PimErrorCode } from '../pim-error-code';

/**
 * A bound on the synchronous work one calendar or contact object may cost: ical.js expands
 * recurrences (RRULEs of events and of VTIMEZONE observances) one step at a time, and a single
 * short object can ask for billions of steps (`FREQ=SECONDLY` from 1601). Every step ticks the
 * budget in force (see ./ical.ts, which hooks ical.js's recurrence iterator); past its steps or
 * its time the work stops with 400 OBJECT_TOO_COMPLEX, so the event loop is never held for long.
 * See docs/decisions/0015-bounded-calendar-work.md.
 */
export interface WorkLimits {
  /** Recurrence steps of ical.js's iterator (instances walked are capped on their own). */
  readonly steps: number;
  /** Wall time, a backstop for work the steps do not count. */
  readonly ms: number;
}

/**
 * One object validated, expanded or filtered: 30,000 steps are 0.1–0.5 s of ical.js (3 to 20 µs
 * a step). The clock is only a backstop: a loaded machine must not refuse what an idle one takes.
 */
export const OBJECT_WORK: WorkLimits = { steps: 30_000, ms: 1_000 };
/**
 * Work outside any object scope (a caller that forgot one): bounded per synchronous slice of
 * the event loop, more loosely, so that nothing can run away.
 */
const SLICE_WORK: WorkLimits = { steps: 100_000, ms: 2_000 };
/** The clock is read once every this many steps. */
const CLOCK_EVERY = 64;

class WorkBudget {
  private steps = 0;
  private readonly started = performance.now();

  constructor(private readonly limits: WorkLimits) {}

  tick(): void {
    this.steps += 1;
    if (this.steps > this.limits.steps) {
      throw tooComplex(`it needs more than ${this.limits.steps} recurrence steps`);
    }
    if (this.steps % CLOCK_EVERY === 0 && performance.now() - this.started > this.limits.ms) {
      throw tooComplex(`it needs more than ${this.limits.ms} ms of work`);
    }
  }
}

let scoped: WorkBudget | null = null;
let slice: WorkBudget | null = null;

export function tooComplex(reason: string): FoyerError {
  return new FoyerError(
    400,
    PimErrorCode.ObjectTooComplex,
    `The object is too complex to be expanded: ${reason}`,
  );
}

/**
 * Runs `work` (synchronous) under one budget. A call inside another keeps the outer budget, so
 * that nesting cannot reset it.
 */
export function withinWorkBudget<T>(work: () => T, limits: WorkLimits = OBJECT_WORK): T {
  if (scoped) return work();
  scoped = new WorkBudget(limits);
  try {
    return work();
  } finally {
    scoped = null;
  }
}

/** Counts one step against the budget in force; throws OBJECT_TOO_COMPLEX past it. */
export function tickWork(): void {
  if (scoped) {
    scoped.tick();
    return;
  }
  if (!slice) {
    slice = new WorkBudget(SLICE_WORK);
    // ical.js is synchronous: the slice ends when the current stack does.
    queueMicrotask(() => {
      slice = null;
    });
  }
  slice.tick();
}

/** Lets other requests run when this one has held the event loop for a while. */
export class EventLoopYielder {
  private since = performance.now();

  constructor(private readonly everyMs = 20) {}

  async maybeYield(): Promise<void> {
    if (performance.now() - this.since < this.everyMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.since = performance.now();
  }
}
