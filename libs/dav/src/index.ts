export { DavModule } from './dav.module';
export { DavService } from './dav.service';
// Reused by CardDAV / CalDAV (libs/pim): the same authentication, and the same guarded XML.
export { DavAuthGuard, DAV_REALM, davUnauthenticated } from './dav-auth.guard';
export {
  DAV_NS,
  MAX_DAV_PROPERTIES,
  MAX_MULTIGET_HREFS,
  MAX_XML_BODY_BYTES,
  assertAtMost,
  escapeXml,
  parseXml,
  readBody,
  unescapeXml,
} from './dav-xml';
export { DavErrorCode } from './dav-error-code';
export { sendMultistatus } from './dav-multistatus';
export type { PropertyName, XmlElement } from './dav-xml';
export { CONTROL_CHARACTERS } from './dav-paths';
