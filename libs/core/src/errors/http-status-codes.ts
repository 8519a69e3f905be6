import { CoreErrorCode } from './core-error-code';

/** Codes for framework-raised HTTP errors that did not come from a FoyerError. */
export const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: CoreErrorCode.ValidationFailed,
  401: CoreErrorCode.Unauthenticated,
  403: CoreErrorCode.Forbidden,
  404: CoreErrorCode.RouteNotFound,
  413: CoreErrorCode.PayloadTooLarge,
  429: CoreErrorCode.RateLimited,
};
