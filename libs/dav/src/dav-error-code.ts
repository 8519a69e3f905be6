/**
 * Refusals of the WebDAV toolkit (files' WebDAV, and the XML layer CalDAV/CardDAV share), with
 * their HTTP status. Bodies are plain text `CODE: message`, or a `DAV:error` element for the
 * preconditions RFC 4918 names.
 */
export enum DavErrorCode {
  /** 400: the XML body is not well-formed, declares a DOCTYPE/ENTITY, binds a prefix to the empty namespace, or is not the element the method takes. */
  BadXml = 'DAV_BAD_XML',
  /** 413: an XML body is larger than `MAX_XML_BODY_BYTES`. */
  BodyTooLarge = 'DAV_BODY_TOO_LARGE',
  /**
   * 413: an XML body holds more than `MAX_XML_ELEMENTS` elements, nests deeper than
   * `MAX_XML_DEPTH`, asks for more than `MAX_DAV_PROPERTIES` properties (PROPFIND, REPORT),
   * changes more than that (PROPPATCH), or names more than `MAX_MULTIGET_HREFS` hrefs.
   */
  TooComplex = 'DAV_REQUEST_TOO_COMPLEX',
  /** 507 (RFC 4918 §11.5): the household already holds `MAX_LIVE_LOCKS` live locks. */
  TooManyLocks = 'DAV_TOO_MANY_LOCKS',
  /** 507 (RFC 4918 §11.5): a PROPPATCH would leave a node with more dead properties than it keeps. */
  TooManyDeadProperties = 'DAV_TOO_MANY_PROPERTIES',
  /** 400: the `If` header is not RFC 4918 §10.4 syntax, or holds more than 32 lists or 8 resources. */
  BadIfHeader = 'DAV_BAD_IF_HEADER',
  /** 412: the `If` header does not hold (no list of it is true), or a LOCK refresh names no lock of yours. */
  PreconditionFailed = 'PRECONDITION_FAILED',
  /** 400: the request path is not a path under `/dav/files/<slug>/` (fragment, `..`, encoded `/`, ...). */
  InvalidPath = 'DAV_INVALID_PATH',
  /** 400: `X-OC-Mtime` or a `DAV:getlastmodified` value is not a date Foyer can keep. */
  BadModificationTime = 'DAV_BAD_MTIME',
}
