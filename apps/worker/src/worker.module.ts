import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AccountsModule } from '@foyer/accounts';
import { BillingModule } from '@foyer/billing';
import { ConfigModule, DatabaseConnection, DatabaseModule, FoyerConfig } from '@foyer/core';
import { ExportsModule } from '@foyer/exports';
import { FilesModule, FilesUsageModule, DefaultFoldersSeeder } from '@foyer/files';
import {
  HouseholdKeysModule,
  HouseholdMembershipDirectory,
  HouseholdObjectKeyring,
  HouseholdSeedersModule,
  HouseholdSignupInvitePolicy,
  HouseholdsModule,
} from '@foyer/households';
import { ImportsModule } from '@foyer/imports';
import { JobsModule } from '@foyer/jobs';
import { MailModule } from '@foyer/mail';
import { FamilyCollectionsSeeder, PimModule } from '@foyer/pim';
import { PortabilityModule } from '@foyer/portability';
import { StorageModule } from '@foyer/storage';

/** The queue processors of hosted mode: every library that owns job handlers, and no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(
    config: FoyerConfig,
    connection: Pick<DatabaseConnection, 'appUrl'>,
    // The CLI's one-shot commands (`foyer export`) boot the same modules without taking jobs.
    options: { consumeJobs: boolean } = { consumeJobs: true },
  ): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } }),
        DatabaseModule.forRoot(connection, 5),
        JobsModule.forRoot({ consume: options.consumeJobs }),
        MailModule,
        // Every household's objects encrypted under its data key (decision 0016).
        StorageModule.forRoot({ imports: [HouseholdKeysModule], keyring: HouseholdObjectKeyring }),
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
        // The household archive: `foyer-export` v1, its job, API, ready mail and expiry sweep.
        ExportsModule,
        // Household archives into new households: the importer, its job, `POST /api/v1/imports`.
        ImportsModule,
        // Contacts and calendars: the model and its services (the Family collections' seeder).
        PimModule,
        HouseholdSeedersModule.forRoot({
          imports: [FilesModule, PimModule],
          // A new household's default content, in this order: its folders, then the Family
          // calendar and the Family address book.
          seeders: [DefaultFoldersSeeder, FamilyCollectionsSeeder],
        }),
      ],
    };
  }
}
