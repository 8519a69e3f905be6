import { Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { InstanceAdminGuard } from '../operator/instance-admin.guard';
import { StorageEncryptionJobs } from './storage-encryption.jobs';
import { StorageEncryptionResponse } from './storage-encryption-response.dto';
import { StoredObjectEncryptor } from './stored-object-encryptor';

@ApiTags('admin')
@ApiBearerAuth()
@ApiCookieAuth('foyer_session')
@ApiForbiddenResponse({ description: 'NOT_INSTANCE_ADMIN' })
@UseGuards(InstanceAdminGuard)
@Controller('api/v1/admin/storage/encryption')
export class StorageEncryptionController {
  constructor(
    private readonly encryptor: StoredObjectEncryptor,
    private readonly jobs: StorageEncryptionJobs,
  ) {}

  @Get()
  @ApiOperation({ summary: 'How far the encryption of objects stored before encryption is' })
  @ApiOkResponse({ type: StorageEncryptionResponse })
  async status(): Promise<StorageEncryptionResponse> {
    return toResponse(await this.encryptor.status());
  }

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Start encrypting the objects stored before encryption (resumes where it stopped)',
  })
  @ApiAcceptedResponse({ type: StorageEncryptionResponse })
  async start(): Promise<StorageEncryptionResponse> {
    await this.jobs.start();
    return toResponse(await this.encryptor.status());
  }
}

function toResponse(
  progress: Awaited<ReturnType<StoredObjectEncryptor['status']>>,
): StorageEncryptionResponse {
  return {
    households: progress.households,
    householdsRemaining: progress.householdsRemaining,
    objectsEncrypted: progress.objectsEncrypted,
    done: progress.householdsRemaining === 0,
  };
}
