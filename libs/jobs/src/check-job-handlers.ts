/** Where a handler was found, for messages that point at the code to fix. */
export interface FoundHandler {
  jobName: string;
  /** `ClassName.methodName` */
  location: string;
}

/**
 * The problems that stop a consuming process at boot: a job name without a handler (its jobs
 * would wait forever), a job name with several (which one runs would be an accident of module
 * order), and a handler for a name that is not in the table (a typo, or a leftover).
 * Returns an empty list when every known name has exactly one handler.
 */
export function findJobHandlerProblems(
  known: readonly string[],
  found: readonly FoundHandler[],
): string[] {
  const problems: string[] = [];
  const byName = new Map<string, string[]>();
  for (const handler of found) {
    byName.set(handler.jobName, [...(byName.get(handler.jobName) ?? []), handler.location]);
  }
  for (const name of known) {
    const locations = byName.get(name) ?? [];
    if (locations.length === 0) problems.push(`no handler for job "${name}"`);
    if (locations.length > 1) {
      problems.push(`job "${name}" has ${locations.length} handlers: ${locations.join(', ')}`);
    }
  }
  const knownNames = new Set(known);
  for (const [name, locations] of byName) {
    if (!knownNames.has(name))
      problems.push(`unknown job "${name}" handled by ${locations.join(', ')}`);
  }
  return problems;
}

/** Throws one Error listing every problem, so a boot failure says all that needs fixing at once. */
export function assertOneHandlerPerJob(
  known: readonly string[],
  found: readonly FoundHandler[],
): void {
  const problems = findJobHandlerProblems(known, found);
  if (problems.length > 0) {
    throw new Error(
      `Job handlers do not match the job table (libs/jobs/src/job-name.ts); add one @OnJob ` +
        `handler per job name:\n  - ${problems.join('\n  - ')}`,
    );
  }
}
