import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { ENVIRONMENT_VARIABLE_NAMES, EnvironmentVariables } from './environment-variables';
import { FoyerConfig } from './foyer-config';

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigurationError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.includes(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
}

/**
 * The only place that reads the process environment. Fails fast, naming every bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): FoyerConfig {
  const raw: Record<string, string> = {};
  for (const name of ENVIRONMENT_VARIABLE_NAMES) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const vars = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const problems = describe(validateSync(vars, { forbidUnknownValues: false }));
  if (vars.DATABASE_URL && !vars.FOYER_MASTER_KEY && !vars.FOYER_MASTER_KEY_FILE) {
    problems.push(
      'FOYER_MASTER_KEY: required in hosted mode (when DATABASE_URL is set), or FOYER_MASTER_KEY_FILE',
    );
  }
  if (vars.FOYER_MASTER_KEY && vars.FOYER_MASTER_KEY_FILE) {
    problems.push('FOYER_MASTER_KEY_FILE: set it or FOYER_MASTER_KEY, not both');
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return new FoyerConfig(vars);
}
