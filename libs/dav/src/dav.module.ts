import { Module } from '@nestjs/common';
import { FilesModule } from '@foyer/files';
import { HouseholdsModule } from '@foyer/households';
import { DavAuthGuard } from './dav-auth.guard';
import { DavController } from './dav.controller';
import { DavService } from './dav.service';
import { DavLockService } from './dav-lock.service';
import { DavLockRepository } from './repositories/dav-lock.repository';
import { DeadPropertyRepository } from './repositories/dead-property.repository';

/**
 * WebDAV for the household's files at `/dav/files/<slug>/...`, on FilesService. Needs the app's
 * AccountsModule (its AppPasswordAuthenticator, for HTTP Basic with app passwords). Dead
 * properties (PROPPATCH) live in `dav_dead_properties`, write locks (LOCK) in `dav_locks`.
 */
@Module({
  imports: [FilesModule, HouseholdsModule],
  controllers: [DavController],
  providers: [DavService, DavLockService, DavAuthGuard, DeadPropertyRepository, DavLockRepository],
})
export class DavModule {}
