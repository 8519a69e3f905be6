/** Codes for refusals that are not owned by one bounded context. */
export enum CoreErrorCode {
  /** A request body or query failed validation; `fields` names each bad field. */
  ValidationFailed = 'VALIDATION_FAILED',
  /** No route matches the method and path. */
  RouteNotFound = 'ROUTE_NOT_FOUND',
  /** The request body is larger than FOYER_BODY_LIMIT. */
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  /** The body is not valid JSON. */
  MalformedBody = 'MALFORMED_BODY',
  /**
   * 415: the body's encoding or charset is not one Foyer reads, or a route that reads JSON got
   * another type (forms are not read: a cross-site form cannot post to the API).
   */
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  /** 400: a NUL character in the path, the query, a header or the body (no text may hold one). */
  NulCharacter = 'NUL_CHARACTER',
  /**
   * 400: a string of the JSON body holds half of a UTF-16 surrogate pair (`"\udfff"`): it is no
   * character, cannot be stored as UTF-8, and breaks validators.
   */
  UnpairedSurrogate = 'UNPAIRED_SURROGATE',
  /** 400: the JSON body nests arrays and objects deeper than Foyer reads (32 levels). */
  BodyTooDeep = 'BODY_TOO_DEEP',
  /** The caller must sign in first. */
  Unauthenticated = 'UNAUTHENTICATED',
  /** The caller is signed in but may not do this. */
  Forbidden = 'FORBIDDEN',
  /** Too many attempts; retry after the time given in Retry-After. */
  RateLimited = 'RATE_LIMITED',
  /** Tenant work was attempted without a household context (a programming error). */
  TenancyContextMissing = 'TENANCY_CONTEXT_MISSING',
  /** Anything unexpected; details go to the log with the request id, never to the client. */
  Internal = 'INTERNAL_ERROR',
}
