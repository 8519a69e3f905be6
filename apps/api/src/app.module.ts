import { randomUUID } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AccountsModule } from '@foyer/accounts';
import { BillingModule } from '@foyer/billing';
import { ConfigModule, DatabaseConnection, DatabaseModule, FoyerConfig } from '@foyer/core';
import { DavModule } from '@foyer/dav';
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
import { HomeController } from './home.controller';
import { OpsModule } from './ops/ops.module';

export interface AppModuleOptions {
  /** Run job handlers in this process (embedded default; tests). */
  consumeJobs: boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Reuses a sane incoming X-Request-Id (set by a proxy) or makes one. */
function requestId(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

@Module({})
export class AppModule {
  static forRoot(
    config: FoyerConfig,
    connection: Pick<DatabaseConnection, 'appUrl'>,
    options: AppModuleOptions,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (request, response) => {
              const id = requestId(request);
              response.setHeader('X-Request-Id', id);
              return id;
            },
            // Method, path and status say what happened; headers would repeat cookies and tokens.
            serializers: {
              req: (request: { id: string; method: string; url: string }) => ({
                id: request.id,
                method: request.method,
                url: request.url,
              }),
              res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
            },
            autoLogging: {
              ignore: (request) => request.url === '/health' || request.url === '/metrics',
            },
          },
        }),
        DatabaseModule.forRoot(connection),
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
        // WebDAV on the files (`/dav/files/<slug>/...`), Basic auth with app passwords.
        DavModule,
        // Contacts and calendars: the model, its services and CardDAV / CalDAV under `/dav/`.
        PimModule,
        HouseholdSeedersModule.forRoot({
          imports: [FilesModule, PimModule],
          // A new household's default content, in this order: its folders, then the Family
          // calendar and the Family address book.
          seeders: [DefaultFoldersSeeder, FamilyCollectionsSeeder],
        }),
        OpsModule,
      ],
      controllers: [HomeController],
    };
  }
}
