export { DavModule } from './dav.module';
export { DavService } from './dav.service';
