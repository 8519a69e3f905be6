import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { PortabilityRegistry } from './portability-registry';

/** Finds the application's portable sections; imported once by each app. */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [PortabilityRegistry],
  exports: [PortabilityRegistry],
})
export class PortabilityModule {}
