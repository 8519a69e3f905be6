/** RFC 5987 `attr-char`s go as they are; everything else is percent-encoded (UTF-8). */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `Content-Disposition` for a download (RFC 6266): an ASCII fallback `filename` (quotes,
 * backslashes and non-ASCII replaced) for old clients, and the exact name as `filename*` in
 * UTF-8 (RFC 5987/8187).
 */
export function contentDisposition(name: string, type: 'attachment' | 'inline'): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}
