import { z } from 'zod';

/**
 * The operations of bulk user provisioning (issue 14): `usersImport` (a CSV applied to the site,
 * or its dry run) and `usersUndo` (a finished import reverted). Their outcomes carry a journal:
 * every change made, with what was there before, so an import can be undone later — also from
 * the journal file the CLI writes.
 */

const userFields = z.object({
  siteRole: z.string().nullable(),
  authSetting: z.string().nullable(),
  fullName: z.string().nullable(),
  email: z.string().nullable(),
});

export const journalEntrySchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('createdUser'), id: z.string(), name: z.string() }),
  z.object({
    op: z.literal('updatedUser'),
    id: z.string(),
    name: z.string(),
    before: userFields.partial(),
  }),
  z.object({
    op: z.literal('addedToGroup'),
    groupId: z.string(),
    groupName: z.string(),
    userId: z.string(),
    userName: z.string(),
  }),
  z.object({
    op: z.literal('removedFromGroup'),
    groupId: z.string(),
    groupName: z.string(),
    userId: z.string(),
    userName: z.string(),
  }),
  z.object({ op: z.literal('createdGroup'), id: z.string(), name: z.string() }),
  z.object({
    op: z.literal('removedUser'),
    name: z.string(),
    before: userFields,
    groups: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
]);
export type JournalEntry = z.infer<typeof journalEntrySchema>;

export const usersJournalSchema = z.object({
  kind: z.literal('trestle-users-journal'),
  connectionId: z.string(),
  /** The server origin and site the changes were made on: an undo goes there or nowhere. */
  server: z.string(),
  siteId: z.string(),
  at: z.string(),
  entries: z.array(journalEntrySchema).max(1_000_000),
});
export type UsersJournal = z.infer<typeof usersJournalSchema>;

export const usersImportStartSchema = z.object({
  kind: z.literal('usersImport'),
  /** The file's text, or (`fileId`) a file main has read and checked already (`usersFileCheck`). */
  csv: z
    .object({
      text: z.string().max(100_000_000),
      name: z.string().max(500).default('users.csv'),
    })
    .optional(),
  fileId: z.string().min(1).max(100).optional(),
  format: z.enum(['tabcmd', 'headed']).optional(),
  /** Local identity store (new users need a password) or an identity provider; default from the server. */
  auth: z.enum(['local', 'external']).optional(),
  missing: z.enum(['keep', 'remove', 'unlicense']).default('keep'),
  /** Columns the file has that mean nothing here are refused unless the user agrees to ignore them. */
  ignoreUnknownColumns: z.boolean().default(false),
  dryRun: z.boolean().default(true),
  concurrency: z.number().int().min(1).max(10).default(4),
  /**
   * New users through Tableau's CSV import (one request and a UserImport job, API 3.15) instead
   * of one call each; updates, groups and removals still go call by call. Never on unless asked.
   */
  csvImport: z.boolean().default(false),
});

export const usersUndoStartSchema = z.object({
  kind: z.literal('usersUndo'),
  journal: usersJournalSchema,
  dryRun: z.boolean().default(true),
  concurrency: z.number().int().min(1).max(10).default(4),
});

export const userRowResultSchema = z.object({
  line: z.number().int(),
  name: z.string(),
  action: z.enum(['create', 'update', 'unchanged', 'invalid', 'remove', 'unlicense', 'undo']),
  /** In words: "siteRole Explorer → Creator, +Finance". */
  changes: z.string(),
  state: z.enum(['planned', 'done', 'failed', 'skipped']),
  userId: z.string().nullable(),
  problems: z.array(z.string()),
  warnings: z.array(z.string()),
  error: z
    .object({ code: z.string(), message: z.string(), explanation: z.string().optional() })
    .nullable(),
});
export type UserRowResult = z.infer<typeof userRowResultSchema>;

export const usersOutcomeSchema = z.object({
  kind: z.literal('usersImport'),
  mode: z.enum(['import', 'undo']),
  dryRun: z.boolean(),
  format: z.enum(['tabcmd', 'headed', 'journal']),
  unknownColumns: z.array(z.string()),
  counts: z.object({
    create: z.number().int(),
    update: z.number().int(),
    unchanged: z.number().int(),
    invalid: z.number().int(),
    missing: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
  }),
  groupsToCreate: z.array(z.string()),
  rows: z.array(userRowResultSchema),
  journal: usersJournalSchema.nullable(),
  /** The UserImport job that created the new users, when the CSV import was used. */
  importJob: z
    .object({
      id: z.string(),
      status: z.string(),
      users: z.number().int(),
      notes: z.array(z.string()),
    })
    .nullable()
    .optional(),
});
export type UsersOutcome = z.infer<typeof usersOutcomeSchema>;

/**
 * Reading and checking a users file in main, in chunks (`usersFileCheck`): the renderer hands
 * over the text (the web host has the File's text) or a path on the engine's disk (Electron),
 * main keeps the rows, and the preview asks for slices of them (`bulk:usersFileRows`).
 */
export const usersFileCheckStartSchema = z.object({
  kind: z.literal('usersFileCheck'),
  csv: z
    .object({
      text: z.string().max(100_000_000).optional(),
      path: z.string().min(1).max(4096).optional(),
      name: z.string().max(500).default('users.csv'),
    })
    .refine((c) => (c.text === undefined) !== (c.path === undefined), {
      message: 'Give the file’s text or its path, one of the two.',
    }),
  format: z.enum(['tabcmd', 'headed']).optional(),
});

export const usersFileCheckOutcomeSchema = z.object({
  kind: z.literal('usersFileCheck'),
  /** Where main keeps the rows; null when the file cannot be used (`error`). */
  fileId: z.string().nullable(),
  name: z.string(),
  format: z.enum(['tabcmd', 'headed']).nullable(),
  rows: z.number().int(),
  /** Rows with problems: never sent. */
  invalid: z.number().int(),
  warnings: z.number().int(),
  unknownColumns: z.array(z.string()),
  hasGroups: z.boolean(),
  /** What makes the whole file unusable (encoding, separator, quotes, header), with its line. */
  error: z.string().nullable(),
});
export type UsersFileCheckOutcome = z.infer<typeof usersFileCheckOutcomeSchema>;

/** One row of a checked file as the preview shows it: the password only as "there is one". */
export const usersFileRowSchema = z.object({
  line: z.number().int(),
  name: z.string(),
  siteRole: z.string().nullable(),
  authSetting: z.string().nullable(),
  email: z.string().nullable(),
  fullName: z.string().nullable(),
  hasPassword: z.boolean(),
  groups: z.array(z.string()).nullable(),
  problems: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type UsersFileRow = z.infer<typeof usersFileRowSchema>;

export const usersFileSliceRequestSchema = z.object({
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(1000),
  /** `problems`: only the rows with problems (numbered among themselves). */
  only: z.enum(['all', 'problems']).default('all'),
});
export const usersFileSliceSchema = z.object({
  /** Rows in the chosen view (all, or those with problems). */
  total: z.number().int(),
  offset: z.number().int(),
  rows: z.array(usersFileRowSchema),
});
export type UsersFileSlice = z.infer<typeof usersFileSliceSchema>;
