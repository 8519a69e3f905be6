import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AccountsModule } from '@foyer/accounts';
import { BillingModule } from '@foyer/billing';
import { ConfigModule, DatabaseConnection, DatabaseModule, FoyerConfig } from '@foyer/core';
import { FilesModule, FilesUsageModule, DefaultFoldersSeeder } from '@foyer/files';
import {
  HouseholdMembershipDirectory,
  HouseholdSeedersModule,
  HouseholdSignupInvitePolicy,
  HouseholdsModule,
} from '@foyer/households';
import { JobsModule } from '@foyer/jobs';
import { MailModule } from '@foyer/mail';
import { PortabilityModule } from '@foyer/portability';
import { StorageModule } from '@foyer/storage';

/** The queue processors of hosted mode: every library that owns job handlers, and no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(
    config: FoyerConfig,
    connection: Pick<DatabaseConnection, 'appUrl'>,
  ): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } }),
        DatabaseModule.forRoot(connection, 5),
        JobsModule.forRoot({ consume: true }),
        MailModule,
        StorageModule,
        AccountsModule.forRoot({
          imports: [HouseholdsModule],
          membershipDirectory: HouseholdMembershipDirectory,
          signupInvitePolicy: HouseholdSignupInvitePolicy,
        }),
        HouseholdsModule,
        // Finds every library's portable sections, for export, import and migration.
        PortabilityModule,
        // Plans, Stripe checkout and webhooks, entitlements (off without STRIPE_SECRET_KEY).
        BillingModule,
        // The file tree, its REST API and the orphan blob collector (files.collect-orphans).
        FilesModule,
        // The households' usage meter (operator view, billing): the sum of file sizes.
        FilesUsageModule,
        HouseholdSeedersModule.forRoot({
          imports: [FilesModule],
          // A new household's default content, in this order. The contacts issue adds its
          // seeder here: the Family calendar and the Family address book.
          seeders: [DefaultFoldersSeeder],
        }),
      ],
    };
  }
}
