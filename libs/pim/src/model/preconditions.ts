import { FoyerError } from '@foyer/core';
import { PimErrorCode } from '../pim-error-code';

/** The If-Match / If-None-Match headers of a write (RFC 7232), as sent. */
export interface WriteConditions {
  ifMatch?: string;
  ifNoneMatch?: string;
}

function tags(header: string): string[] {
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .filter((tag) => tag !== '');
}

/** 412 unless the conditions hold for the current etag (null: no object at that href). */
export function assertConditions(conditions: WriteConditions, current: string | null): void {
  const failed = (message: string) => new FoyerError(412, PimErrorCode.PreconditionFailed, message);
  if (conditions.ifMatch !== undefined) {
    const wanted = tags(conditions.ifMatch);
    if (current === null) throw failed('If-Match: there is no object at this address');
    if (!wanted.includes('*') && !wanted.includes(current)) {
      throw failed('If-Match: the object has changed since');
    }
  }
  if (conditions.ifNoneMatch !== undefined && current !== null) {
    const unwanted = tags(conditions.ifNoneMatch);
    if (unwanted.includes('*')) throw failed('If-None-Match: * — an object is already there');
    if (unwanted.includes(current)) throw failed('If-None-Match: the object has that etag');
  }
}
