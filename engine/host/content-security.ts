/**
 * The renderer's Content Security Policy, the same for both hosts. Monaco needs inline styles;
 * nothing needs eval. Workers are bundled files served from our origin (`blob:` for Monaco's
 * worker bootstrap is not needed with `?worker` imports).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
