import { z } from 'zod';

export const authKindSchema = z.enum(['pat', 'password', 'jwt']);
export type AuthKind = z.infer<typeof authKindSchema>;

/** A connection as the renderer sees it: never a secret, only whether one is stored. */
export const connectionSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1).max(200),
  serverUrl: z.string().url(),
  siteContentUrl: z.string().max(200).default(''),
  auth: z.object({
    kind: authKindSchema,
    /** PAT name or user name; unused for JWT. */
    identity: z.string().max(500).default(''),
    secretStored: z.boolean().default(false),
    rememberSecret: z.boolean().default(true),
  }),
  apiVersion: z.object({
    mode: z.enum(['auto', 'pinned']).default('auto'),
    pinned: z
      .string()
      .regex(/^\d+\.\d+$/)
      .optional(),
    detected: z.string().optional(),
  }),
  tls: z
    .object({
      caBundlePath: z.string().optional(),
      allowInvalidCertificate: z.boolean().default(false),
    })
    .default({ allowInvalidCertificate: false }),
  allowInsecureHttp: z.boolean().default(false),
  /**
   * A production server: every tab aimed at it carries a red PRODUCTION label, and every write
   * to it asks first. Connections stored before this field existed read as not production.
   */
  production: z.boolean().default(false),
  builtin: z.enum(['sandbox']).optional(),
});
export type Connection = z.infer<typeof connectionSchema>;

/** What the renderer sends to create or edit a connection; the secret goes to main only. */
export const connectionInputSchema = connectionSchema
  .omit({ id: true, auth: true, builtin: true })
  .extend({
    id: z.string().min(1).optional(),
    auth: z.object({
      kind: authKindSchema,
      identity: z.string().max(500).default(''),
      secret: z.string().max(20_000).optional(),
      rememberSecret: z.boolean().default(true),
    }),
  });
export type ConnectionInput = z.input<typeof connectionInputSchema>;

/** Session facts the renderer may know. The token is deliberately absent. */
export const sessionInfoSchema = z.object({
  connectionId: z.string(),
  userId: z.string(),
  userName: z.string(),
  siteId: z.string(),
  siteName: z.string(),
  siteContentUrl: z.string(),
  serverUrl: z.string(),
  productVersion: z.string(),
  apiVersion: z.string(),
  /** ISO time the token is estimated to expire, when the server said. */
  expiresAt: z.string().nullable(),
  signedInAt: z.string(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;
