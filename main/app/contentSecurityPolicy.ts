/*
 * The page's Content-Security-Policy, sent as a response header by the app
 * protocol (a header, not a <meta>, because frame-ancestors only works there).
 *
 * No 'unsafe-inline' anywhere: the built renderer has no inline script, its CSS
 * is emitted as files, and React sets element styles through the CSSOM, which
 * style-src does not govern. data: is allowed for images only (an image the
 * page draws itself; it reaches no network). Nothing can be framed, posted,
 * fetched from elsewhere or used as a <base>.
 */

const DIRECTIVES: readonly (readonly [string, string])[] = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['frame-src', "'none'"],
  ['base-uri', "'none'"],
  ['frame-ancestors', "'none'"],
  ['form-action', "'none'"],
];

export const CONTENT_SECURITY_POLICY = DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');
