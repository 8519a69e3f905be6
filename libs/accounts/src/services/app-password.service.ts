import { Injectable } from '@nestjs/common';
import { FoyerError } from '@foyer/core';
import { AccountsErrorCode } from '../accounts-error-code';
import { AppPasswordCreatedResponse } from '../dto/app-password-created-response.dto';
import { AppPasswordResponse } from '../dto/app-password-response.dto';
import { AppPasswordRepository } from '../repositories/app-password.repository';
import { canonicalAppPassword, newAppPassword } from '../tokens/app-password-secret';
import { sha256Hex } from '../tokens/secret-token';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Passwords for DAV clients: one per client, shown once, stored hashed, revocable one by one. */
@Injectable()
export class AppPasswordService {
  constructor(private readonly appPasswords: AppPasswordRepository) {}

  async create(userId: string, label: string): Promise<AppPasswordCreatedResponse> {
    const password = newAppPassword();
    const created = await this.appPasswords.create({
      userId,
      label,
      secretHash: sha256Hex(canonicalAppPassword(password)),
    });
    return {
      id: created.id,
      label: created.label,
      password,
      createdAt: created.createdAt.toISOString(),
    };
  }

  async list(userId: string): Promise<AppPasswordResponse[]> {
    const appPasswords = await this.appPasswords.listActive(userId);
    return appPasswords.map((appPassword) => ({
      id: appPassword.id,
      label: appPassword.label,
      createdAt: appPassword.createdAt.toISOString(),
      lastUsedAt: appPassword.lastUsedAt?.toISOString() ?? null,
    }));
  }

  /** 404 APP_PASSWORD_NOT_FOUND for an unknown, revoked or someone else's id alike. */
  async revoke(userId: string, id: string): Promise<void> {
    if (!UUID.test(id) || !(await this.appPasswords.revoke(userId, id))) {
      throw new FoyerError(
        404,
        AccountsErrorCode.AppPasswordNotFound,
        'There is no such app password',
      );
    }
  }
}
