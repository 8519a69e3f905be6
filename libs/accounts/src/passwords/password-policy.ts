import { Injectable } from '@nestjs/common';
import { FoyerError } from '@foyer/core';
import { AccountsErrorCode } from '../accounts-error-code';
import { isCommonPassword } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

/** What a new password must satisfy (signup, reset, change); lengths count code points. */
@Injectable()
export class PasswordPolicy {
  assertAcceptable(password: string): void {
    const length = [...password].length;
    if (length < MIN_PASSWORD_LENGTH) {
      throw new FoyerError(
        400,
        AccountsErrorCode.PasswordTooShort,
        `The password must have at least ${MIN_PASSWORD_LENGTH} characters`,
      );
    }
    if (length > MAX_PASSWORD_LENGTH) {
      throw new FoyerError(
        400,
        AccountsErrorCode.PasswordTooLong,
        `The password must have at most ${MAX_PASSWORD_LENGTH} characters`,
      );
    }
    if (isCommonPassword(password)) {
      throw new FoyerError(
        400,
        AccountsErrorCode.PasswordTooCommon,
        'This password is one of the most common ones and would be guessed quickly; choose another',
      );
    }
  }
}
