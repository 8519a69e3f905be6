import { Injectable, OnModuleInit } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/**
 * Argon2id (the library's default algorithm; its default cost, 19 MiB and 2 passes, is OWASP's
 * recommended minimum). The algorithm is not passed explicitly because `Algorithm` is a
 * `const enum` that does not exist at run time under per-file transpilers.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash: Promise<string> | undefined;

  onModuleInit(): void {
    this.dummyHash ??= this.newDummyHash();
  }

  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /**
   * Spends the time of a real verification against a hash nobody knows the password of, so that a
   * login for an unknown email takes as long as one with a wrong password. Always false.
   */
  async verifyDummy(password: string): Promise<false> {
    this.dummyHash ??= this.newDummyHash();
    await this.verify(await this.dummyHash, password);
    return false;
  }

  private newDummyHash(): Promise<string> {
    return hash(randomBytes(32).toString('base64url'));
  }
}
