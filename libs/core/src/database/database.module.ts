import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HouseholdScope } from '../tenancy/household-scope';
import { ApplicationRoleCheck } from './application-role-check';
import { DatabaseConnection } from './database-connection';

/** The application's connection pool (as the application role) and the tenancy helper. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(connection: Pick<DatabaseConnection, 'appUrl'>, poolSize = 10): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: connection.appUrl,
          autoLoadEntities: true,
          synchronize: false,
          migrationsRun: false,
          logging: false,
          extra: { max: poolSize, application_name: 'foyer' },
        }),
      ],
      providers: [HouseholdScope, ApplicationRoleCheck],
      exports: [HouseholdScope],
    };
  }
}
