import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import type { ExportManifest } from '@foyer/portability';
// The schema is published for outsiders in docs/; the build copies it beside the compiled code.
import schema from '../../../../docs/export-manifest.schema.json';

let compiled: ValidateFunction<ExportManifest> | undefined;

function validator(): ValidateFunction<ExportManifest> {
  compiled ??= new Ajv2020({ allErrors: true, strict: true }).compile<ExportManifest>(schema);
  return compiled;
}

/** Up to `max` readable reasons why `value` is not a v1 manifest; empty when it is one. */
export function manifestSchemaErrors(value: unknown, max = 20): string[] {
  const validate = validator();
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, max).map(describe);
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || '(the manifest)';
  return `${where} ${error.message ?? 'is invalid'}`;
}
