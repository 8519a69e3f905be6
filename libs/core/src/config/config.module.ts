import { DynamicModule, Global, Module } from '@nestjs/common';
import { FoyerConfig } from './foyer-config';

/** Provides the one validated FoyerConfig, loaded by the entry point before Nest starts. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: FoyerConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: FoyerConfig, useValue: config }],
      exports: [FoyerConfig],
    };
  }
}
