import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserEntity } from './entities/user.entity';
import { PasswordHasher } from './passwords/password-hasher';
import { ImportedAccountRepository } from './repositories/imported-account.repository';
import { TransactionRunner } from './repositories/transaction-runner';
import { UserRepository } from './repositories/user.repository';
import { ImportedAccounts } from './services/imported-accounts';
import { InstanceAdministrators } from './services/instance-administrators';

/**
 * ImportedAccounts (and InstanceAdministrators) on their own, for the imports library and the CLI: importing AccountsModule there would
 * register its controllers and global guard a second time. Needs the TypeORM connection and
 * JobQueue (JobsModule, global).
 */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity])],
  providers: [
    UserRepository,
    ImportedAccountRepository,
    TransactionRunner,
    PasswordHasher,
    ImportedAccounts,
    InstanceAdministrators,
  ],
  exports: [ImportedAccounts, InstanceAdministrators],
})
export class ImportedAccountsModule {}
