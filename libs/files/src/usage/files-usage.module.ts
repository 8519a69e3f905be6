import { Global, Module } from '@nestjs/common';
import { USAGE_METER_OVERRIDE } from '@foyer/households';
import { FileNodeRepository } from '../repositories/file-node.repository';
import { FilesUsageMeter } from './files-usage-meter';

/**
 * Plugs the files library's usage meter into the households library (which cannot import files:
 * the dependency goes the other way) through USAGE_METER_OVERRIDE. Global so that the households
 * module sees the token; imported once by the applications.
 */
@Global()
@Module({
  providers: [
    FileNodeRepository,
    FilesUsageMeter,
    { provide: USAGE_METER_OVERRIDE, useExisting: FilesUsageMeter },
  ],
  exports: [USAGE_METER_OVERRIDE],
})
export class FilesUsageModule {}
