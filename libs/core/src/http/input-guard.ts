import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { CoreErrorCode } from '../errors/core-error-code';
import { FoyerError } from '../errors/foyer-error';

/** Deeper than any body Foyer takes; deep enough bodies otherwise overflow validation's stack. */
export const MAX_BODY_DEPTH = 32;

const NUL = '\u0000';
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** A NUL written into a URL or a header as a percent escape. */
const ESCAPED_NUL = /%00/i;

export type InputDefect = 'nul' | 'surrogate' | 'deep';

function textDefect(text: string): InputDefect | null {
  if (text.includes(NUL)) return 'nul';
  return UNPAIRED_SURROGATE.test(text) ? 'surrogate' : null;
}

/**
 * The first defect of a parsed body: a NUL or half a surrogate pair in a key or a string, or
 * nesting past `maxDepth`.
 * Walks with its own stack, so a body nested a million deep is measured, not recursed into.
 */
export function inputDefect(value: unknown, maxDepth = MAX_BODY_DEPTH): InputDefect | null {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (typeof current === 'string') {
      const defect = textDefect(current);
      if (defect) return defect;
      continue;
    }
    if (current === null || typeof current !== 'object' || Buffer.isBuffer(current)) continue;
    if (depth >= maxDepth) return 'deep';
    for (const [key, child] of Object.entries(current)) {
      const defect = textDefect(key);
      if (defect) return defect;
      pending.push({ value: child, depth: depth + 1 });
    }
  }
  return null;
}

function refusal(defect: InputDefect): FoyerError {
  switch (defect) {
    case 'nul':
      return new FoyerError(
        400,
        CoreErrorCode.NulCharacter,
        'Text may not contain a NUL character',
      );
    case 'surrogate':
      return new FoyerError(
        400,
        CoreErrorCode.UnpairedSurrogate,
        'Text may not contain half of a surrogate pair (it is not a character)',
      );
    case 'deep':
      return new FoyerError(
        400,
        CoreErrorCode.BodyTooDeep,
        `The request body nests deeper than ${MAX_BODY_DEPTH} levels`,
      );
  }
}

/** Headers that carry URLs which are decoded and reach storage (WebDAV's Destination and If). */
const URL_HEADERS = ['destination', 'if'];

function urlOrHeadersHoldNul(request: Request): boolean {
  if (request.originalUrl.includes(NUL) || ESCAPED_NUL.test(request.originalUrl)) return true;
  for (const [name, value] of Object.entries(request.headers)) {
    const values = Array.isArray(value) ? value : [value ?? ''];
    for (const text of values) {
      if (text.includes(NUL)) return true;
      if (URL_HEADERS.includes(name) && ESCAPED_NUL.test(text)) return true;
    }
  }
  return false;
}

/**
 * One gate for text entering the api, after the body parsers: the path and query (decoded or
 * not), the headers and the parsed body hold no NUL (PostgreSQL's text cannot store one, and a
 * 400 is the honest answer), the body's strings no half surrogate pair (`JSON.parse` makes one
 * from `"\udfff"`), and the body nests no deeper than MAX_BODY_DEPTH. Raw bodies
 * (uploads, WebDAV) are not parsed here: their own readers check what they read.
 */
export function inputGuard(): RequestHandler {
  return (request: Request, _response: Response, next: NextFunction) => {
    if (urlOrHeadersHoldNul(request)) return next(refusal('nul'));
    const defect = inputDefect(request.body);
    return next(defect ? refusal(defect) : undefined);
  };
}
