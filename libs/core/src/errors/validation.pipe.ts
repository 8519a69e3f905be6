import { ValidationError, ValidationPipe } from '@nestjs/common';
import { CoreErrorCode } from './core-error-code';
import { FoyerError } from './foyer-error';

function flatten(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const name = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) fields[name] = Object.values(error.constraints);
    Object.assign(fields, flatten(error.children ?? [], name));
  }
  return fields;
}

/** Validates DTOs; a refusal names every bad field in `fields` and in the message. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      const message = Object.entries(fields)
        .map(([field, problems]) => `${field}: ${problems.join(', ')}`)
        .join('; ');
      return new FoyerError(400, CoreErrorCode.ValidationFailed, message, { fields });
    },
  });
}
