import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserEntity } from './entities/user.entity';
import { PasswordHasher } from './passwords/password-hasher';
import { ImportedAccountRepository } from './repositories/imported-account.repository';
import { UserRepository } from './repositories/user.repository';
import { ImportedAccounts } from './services/imported-accounts';

/**
 * ImportedAccounts on its own, for the imports library: importing AccountsModule there would
 * register its controllers and global guard a second time. Needs the TypeORM connection and
 * JobQueue (JobsModule, global).
 */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity])],
  providers: [UserRepository, ImportedAccountRepository, PasswordHasher, ImportedAccounts],
  exports: [ImportedAccounts],
})
export class ImportedAccountsModule {}
