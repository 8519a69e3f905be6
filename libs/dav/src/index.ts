export { DavModule } from './dav.module';
export { DavService } from './dav.service';
// Reused by CardDAV / CalDAV (libs/pim): the same authentication, and the same guarded XML.
export { DavAuthGuard, DAV_REALM, davUnauthenticated } from './dav-auth.guard';
export { DAV_NS, MAX_XML_BODY_BYTES, escapeXml, parseXml, readBody, unescapeXml } from './dav-xml';
export type { PropertyName, XmlElement } from './dav-xml';
