import { z } from 'zod';

/**
 * Connection rotation (issue 19): find every workbook and data source connection that uses a
 * server (and user name, port, type), preview the change, apply it per connection. A password
 * given here is a secret: it goes to Tableau in the update and nowhere else (never in the
 * outcome, a report, a log or a file).
 */
export const connectionMatchSchema = z
  .object({
    serverAddress: z.string().min(1).max(1000).optional(),
    serverPort: z
      .string()
      .regex(/^\d{1,5}$/)
      .optional(),
    userName: z.string().min(1).max(1000).optional(),
    type: z.string().min(1).max(200).optional(),
  })
  .refine((m) => Object.values(m).some((v) => v !== undefined), {
    message: 'Say which connections: a server address, port, user name or type to match.',
  });
export type ConnectionMatch = z.infer<typeof connectionMatchSchema>;

export const connectionChangeSchema = z
  .object({
    serverAddress: z.string().min(1).max(1000).optional(),
    serverPort: z
      .string()
      .regex(/^\d{1,5}$/, 'A port is a number.')
      .optional(),
    userName: z.string().min(1).max(1000).optional(),
    password: z.string().min(1).max(10_000).optional(),
    embedPassword: z.boolean().optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), {
    message: 'Say what to change: a new server address, port, user name or password.',
  });
export type ConnectionChange = z.infer<typeof connectionChangeSchema>;

export const connectionRotationStartSchema = z.object({
  kind: z.literal('connectionRotation'),
  match: connectionMatchSchema,
  change: connectionChangeSchema,
  /** Find and preview only; nothing is sent but reads. */
  dryRun: z.boolean().default(true),
  concurrency: z.number().int().min(1).max(10).default(4),
});
export type ConnectionRotationStart = z.infer<typeof connectionRotationStartSchema>;

const fieldsSchema = z.object({
  serverAddress: z.string(),
  serverPort: z.string(),
  userName: z.string(),
  embedPassword: z.boolean(),
});
export type ConnectionFields = z.infer<typeof fieldsSchema>;

export const rotatedConnectionSchema = z.object({
  itemType: z.enum(['workbook', 'datasource']),
  itemId: z.string(),
  itemName: z.string(),
  connectionId: z.string(),
  type: z.string(),
  before: fieldsSchema,
  /** What it will be (dry run) or is now. */
  after: fieldsSchema,
  /** Whether a new password is (or would be) sent; never the password. */
  passwordChanged: z.boolean(),
  state: z.enum(['planned', 'updated', 'failed', 'skipped']),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type RotatedConnection = z.infer<typeof rotatedConnectionSchema>;

export const connectionRotationOutcomeSchema = z.object({
  kind: z.literal('connectionRotation'),
  dryRun: z.boolean(),
  scanned: z.object({
    workbooks: z.number().int(),
    datasources: z.number().int(),
    connections: z.number().int(),
  }),
  connections: z.array(rotatedConnectionSchema),
});
export type ConnectionRotationOutcome = z.infer<typeof connectionRotationOutcomeSchema>;

/** Whether a connection is one the user asked for (server names compared without case). */
export function matchesConnection(
  c: ConnectionFields & { type: string },
  match: ConnectionMatch,
): boolean {
  if (match.serverAddress && c.serverAddress.toLowerCase() !== match.serverAddress.toLowerCase())
    return false;
  if (match.serverPort && c.serverPort !== match.serverPort) return false;
  if (match.userName && c.userName !== match.userName) return false;
  if (match.type && c.type.toLowerCase() !== match.type.toLowerCase()) return false;
  return true;
}

export function applyChange(before: ConnectionFields, change: ConnectionChange): ConnectionFields {
  return {
    serverAddress: change.serverAddress ?? before.serverAddress,
    serverPort: change.serverPort ?? before.serverPort,
    userName: change.userName ?? before.userName,
    embedPassword: change.embedPassword ?? (change.password ? true : before.embedPassword),
  };
}

function cell(value: string): string {
  const text = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The before/after report as CSV; passwords appear only as "changed". */
export function rotationReportCsv(outcome: ConnectionRotationOutcome): string {
  const head = [
    'itemType',
    'itemId',
    'itemName',
    'connectionId',
    'type',
    'serverAddress.before',
    'serverAddress.after',
    'serverPort.before',
    'serverPort.after',
    'userName.before',
    'userName.after',
    'embedPassword.before',
    'embedPassword.after',
    'password',
    'state',
    'error',
  ];
  const lines = [head.join(',')];
  for (const c of outcome.connections)
    lines.push(
      [
        c.itemType,
        c.itemId,
        c.itemName,
        c.connectionId,
        c.type,
        c.before.serverAddress,
        c.after.serverAddress,
        c.before.serverPort,
        c.after.serverPort,
        c.before.userName,
        c.after.userName,
        String(c.before.embedPassword),
        String(c.after.embedPassword),
        c.passwordChanged ? 'changed' : '',
        c.state,
        c.error ? `${c.error.code}: ${c.error.message}` : '',
      ]
        .map(cell)
        .join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}
