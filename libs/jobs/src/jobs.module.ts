import { DynamicModule, Global, Module } from '@nestjs/common';

export interface JobsModuleOptions {
  /** Whether this process runs job handlers (the worker; the api in embedded mode). */
  consume: boolean;
}

@Global()
@Module({})
export class JobsModule {
  static forRoot(_options: JobsModuleOptions): DynamicModule {
    return { module: JobsModule };
  }
}
