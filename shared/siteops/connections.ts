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

const itemTypeSchema = z.enum(['workbook', 'datasource']);

const fieldsSchema = z.object({
  serverAddress: z.string(),
  serverPort: z.string(),
  userName: z.string(),
  embedPassword: z.boolean(),
});
export type ConnectionFields = z.infer<typeof fieldsSchema>;

/**
 * One connection the user picked (the app's list): only these are updated. `seen` is what the
 * user saw in the list and the preview; when the connection is no longer so, it is not sent.
 */
export const connectionTargetSchema = z.object({
  itemType: itemTypeSchema,
  itemId: z.string().min(1).max(200),
  connectionId: z.string().min(1).max(200),
  /** For the result's label only. */
  itemName: z.string().max(1000).default(''),
  seen: fieldsSchema.optional(),
});
export type ConnectionTarget = z.infer<typeof connectionTargetSchema>;

export const connectionRotationStartSchema = z.object({
  kind: z.literal('connectionRotation'),
  /** Which connections, by their fields (the CLI); or `targets`, one by one (the app). */
  match: connectionMatchSchema.optional(),
  targets: z.array(connectionTargetSchema).min(1).max(100_000).optional(),
  change: connectionChangeSchema,
  /** Find and preview only; nothing is sent but reads. */
  dryRun: z.boolean().default(true),
  concurrency: z.number().int().min(1).max(10).default(4),
});
export type ConnectionRotationStart = z.infer<typeof connectionRotationStartSchema>;

export const rotatedConnectionSchema = z.object({
  itemType: itemTypeSchema,
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

/** Listing every connection (the app's Connections view): nothing is sent but reads. */
export const connectionListStartSchema = z.object({
  kind: z.literal('connectionList'),
  concurrency: z.number().int().min(1).max(10).default(4),
});
export type ConnectionListStart = z.infer<typeof connectionListStartSchema>;

export const listedConnectionSchema = z.object({
  itemType: itemTypeSchema,
  itemId: z.string(),
  itemName: z.string(),
  projectName: z.string(),
  connectionId: z.string(),
  type: z.string(),
  fields: fieldsSchema,
  authenticationType: z.string(),
  /** For a workbook's connection: the data source it belongs to, as Tableau names it. */
  datasourceName: z.string(),
});
export type ListedConnection = z.infer<typeof listedConnectionSchema>;

export const connectionListOutcomeSchema = z.object({
  kind: z.literal('connectionList'),
  scanned: z.object({
    workbooks: z.number().int(),
    datasources: z.number().int(),
    connections: z.number().int(),
  }),
  /** Items whose connections could not be read (the rest of the list is still whole). */
  unreadable: z.array(
    z.object({
      itemType: itemTypeSchema,
      itemId: z.string(),
      itemName: z.string(),
      code: z.string(),
      message: z.string(),
    }),
  ),
  connections: z.array(listedConnectionSchema),
});
export type ConnectionListOutcome = z.infer<typeof connectionListOutcomeSchema>;

/** File-based connection types: the data is in a file, there is no server to point elsewhere. */
const FILE_TYPES = new Set([
  'excel-direct',
  'textscan',
  'hyper',
  'dataengine',
  'json',
  'pdf',
  'spatial',
  'statfile',
]);

/**
 * Why this change cannot be made to this connection, or null when it can. A workbook's
 * connection to a published data source (`sqlproxy`) takes its server and credentials from
 * that data source; a file-based connection has no server, port or user name.
 */
export function changeBlocker(
  c: { type: string; fields: ConnectionFields },
  change: ConnectionChange,
): string | null {
  const type = c.type.toLowerCase();
  if (type === 'sqlproxy')
    return 'It connects to a published data source: change that data source’s connection instead.';
  if (FILE_TYPES.has(type) || c.fields.serverAddress === '')
    return `A file connection (${c.type || 'no type'}) has no server, user name or password to change.`;
  const after = applyChange(c.fields, change);
  const same = (Object.keys(after) as (keyof ConnectionFields)[]).every(
    (f) => after[f] === c.fields[f],
  );
  if (same && change.password === undefined) return 'Nothing to change: it is already as asked.';
  return null;
}

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
