import { DynamicModule, Global, Module, ModuleMetadata, Type } from '@nestjs/common';
import { HOUSEHOLD_SEEDERS, HouseholdSeeder } from './household-seeder';

export interface HouseholdSeedersOptions {
  /** The modules that export the seeders. */
  imports: NonNullable<ModuleMetadata['imports']>;
  /** The seeders, in the order they run. */
  seeders: Type<HouseholdSeeder>[];
}

/**
 * Collects the default-content seeders into `HOUSEHOLD_SEEDERS` for the provisioning job. The
 * list is given by the application (`apps/api`, `apps/worker`), which imports both households and
 * the libraries that seed: those libraries depend on households (to resolve `:hid`), so
 * households cannot import them. Global, so HouseholdsModule sees the token without importing it.
 */
@Global()
@Module({})
export class HouseholdSeedersModule {
  static forRoot(options: HouseholdSeedersOptions): DynamicModule {
    return {
      module: HouseholdSeedersModule,
      imports: options.imports,
      providers: [
        {
          provide: HOUSEHOLD_SEEDERS,
          useFactory: (...seeders: HouseholdSeeder[]) => seeders,
          inject: options.seeders,
        },
      ],
      exports: [HOUSEHOLD_SEEDERS],
    };
  }
}
