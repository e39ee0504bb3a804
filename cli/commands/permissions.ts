import fs from 'node:fs';
import path from 'node:path';
import { parseCommandLine, UsageError, type FlagSpec } from '../../engine/host/cli-args';
import {
  AUDIT_ITEM_TYPES,
  auditCsv,
  diffAudits,
  diffLine,
  effectivePermissions,
  EFFECTIVE_PERMISSIONS_DOC,
  readSnapshot,
  type AuditItemType,
  type PermissionsAudit,
} from '../../shared/siteops/permissions';
import { CliError, EXIT, type Command } from '../command';
import { CONNECTION_HELP, connectionFlags, type ConnectionFlags } from '../connection-flags';
import { checkOutPath, seconds } from '../output';
import { withSession } from '../with-session';
import type { Io } from '../command';

const flags = {
  ...connectionFlags,
  project: { kind: 'string', description: 'audit: only this project (name or A/B path) and below' },
  out: { kind: 'string', description: 'audit: save the snapshot (JSON) to FILE' },
  csv: { kind: 'string', description: 'audit: also write the flat table as CSV to FILE' },
  concurrency: {
    kind: 'number',
    description: 'audit: permission queries at once (1–16, default 8)',
  },
  json: { kind: 'boolean', description: 'diff: print the changes as JSON' },
  help: { kind: 'boolean', description: 'show this help' },
} satisfies FlagSpec;

const HELP = `Audit a site's permissions, compare snapshots, explain effective permissions.

Usage: trestle permissions audit [--project NAME] --out FILE.json [--csv FILE.csv] <connection>
       trestle permissions diff A.json B.json
       trestle permissions diff A.json now [--project NAME] <connection>
       trestle permissions explain SNAPSHOT.json USER TYPE ITEM_ID

  audit    every project's permissions and default permissions (workbooks, data sources,
           flows), every workbook's, data source's, flow's and view's permissions, and the
           members of every group, flattened into one table: item, type, project path,
           grantee, capability, Allow/Deny, and where the rule comes from (the item, or a
           locked project). --out saves it as a snapshot; --csv writes the table
  diff     rules added (+), removed (-) and changed (~) from A to B (or to the site now),
           grouped by grantee and by item
  explain  the effective permissions of USER (name or id) on an item (TYPE: ${AUDIT_ITEM_TYPES.join(', ')}),
           rule by rule in Tableau's order (${EFFECTIVE_PERMISSIONS_DOC})

${CONNECTION_HELP}

Exit codes: 0 done (diff: no changes), 1 a permission query failed (diff: changes found),
2 usage or input error.`;

function fail(message: string): never {
  throw new CliError(message, EXIT.usage);
}

function readSnapshotFile(file: string): PermissionsAudit {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    fail(
      `${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
  try {
    return readSnapshot(text);
  } catch (error) {
    fail(`${file} ${(error as Error).message}.`);
  }
}

function writeAtomically(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}

async function runAudit(
  options: ConnectionFlags & { project?: string; concurrency?: number },
  io: Io,
): Promise<PermissionsAudit & { elapsedMs: number; failedCount: number }> {
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16)
    throw new UsageError('--concurrency must be a whole number from 1 to 16.');
  return withSession(options, io, async (_session, runOperation) => {
    const final = await runOperation({
      kind: 'permissionsAudit',
      concurrency,
      ...(options.project ? { project: options.project } : {}),
    });
    const outcome =
      final.outcome?.kind === 'permissionsAudit' ? (final.outcome as PermissionsAudit) : null;
    if (!outcome) throw new CliError(final.error?.message ?? 'The audit could not run.');
    for (const f of outcome.failed) io.stderr.write(`✘ ${f.itemType} ${f.itemId}: ${f.message}\n`);
    return { ...outcome, elapsedMs: final.elapsedMs, failedCount: outcome.failed.length };
  });
}

export const permissionsCommand: Command = {
  name: 'permissions',
  help: HELP,
  async run(args, io) {
    const { flags: options, positionals } = parseCommandLine(args, flags);
    if (options.help) {
      io.stdout.write(`${HELP}\n`);
      return EXIT.ok;
    }
    const [verb, ...rest] = positionals;
    if (verb === 'audit') {
      if (rest.length) throw new UsageError(`Unexpected argument “${rest[0]}”.`);
      if (!options.out) throw new UsageError('Say where to save the snapshot: --out FILE.json.');
      checkOutPath(options.out);
      checkOutPath(options.csv);
      const audit = await runAudit(options, io);
      const { elapsedMs, failedCount, ...snapshot } = audit;
      writeAtomically(options.out, `${JSON.stringify(snapshot, null, 2)}\n`);
      if (options.csv) writeAtomically(options.csv, auditCsv(snapshot.rules));
      io.stderr.write(
        `Audit: ${snapshot.rules.length} rules on ${snapshot.items.length} items, ${snapshot.groups.length} groups; saved to ${path.basename(options.out)}${failedCount ? `; ${failedCount} permission queries failed` : ''} (${seconds(elapsedMs)}).\n`,
      );
      return failedCount ? EXIT.failed : EXIT.ok;
    }
    if (verb === 'diff') {
      const [a, b, extra] = rest;
      if (!a || !b)
        throw new UsageError(
          'Give two snapshots: trestle permissions diff A.json B.json (or now).',
        );
      if (extra) throw new UsageError(`Unexpected argument “${extra}”.`);
      const before = readSnapshotFile(a);
      const after =
        b === 'now'
          ? await runAudit(
              { ...options, project: options.project ?? before.project ?? undefined },
              io,
            )
          : readSnapshotFile(b);
      const diff = diffAudits(before, after);
      if (options.json) io.stdout.write(`${JSON.stringify(diff, null, 2)}\n`);
      else {
        io.stdout.write('By grantee:\n');
        for (const g of diff.byGrantee) {
          io.stdout.write(`  ${g.grantee}\n`);
          for (const c of g.changes) io.stdout.write(`    ${diffLine(c)}\n`);
        }
        io.stdout.write('By item:\n');
        for (const i of diff.byItem) {
          io.stdout.write(`  ${i.item}\n`);
          for (const c of i.changes) io.stdout.write(`    ${diffLine(c)}\n`);
        }
      }
      const n = diff.counts;
      io.stderr.write(
        `${n.added} added, ${n.removed} removed, ${n.changed} changed (${before.at} → ${after.at}).\n`,
      );
      return diff.changes.length ? EXIT.failed : EXIT.ok;
    }
    if (verb === 'explain') {
      const [file, userName, type, itemId, extra] = rest;
      if (!file || !userName || !type || !itemId)
        throw new UsageError('Usage: trestle permissions explain SNAPSHOT.json USER TYPE ITEM_ID.');
      if (extra) throw new UsageError(`Unexpected argument “${extra}”.`);
      if (!(AUDIT_ITEM_TYPES as readonly string[]).includes(type))
        throw new UsageError(`TYPE is one of ${AUDIT_ITEM_TYPES.join(', ')}.`);
      const audit = readSnapshotFile(file);
      const user = audit.users.find(
        (u) => u.id === userName || u.name.toLowerCase() === userName.toLowerCase(),
      );
      if (!user) fail(`There is no user “${userName}” in ${file}.`);
      let result;
      try {
        result = effectivePermissions(audit, user.id, type as AuditItemType, itemId);
      } catch (error) {
        fail((error as Error).message);
      }
      io.stdout.write(`${user.name} (${user.siteRole}) on ${type} “${result.item.name}”:\n`);
      for (const c of result.capabilities) {
        io.stdout.write(`  ${c.allowed ? '✔' : '✘'} ${c.capability}\n`);
        for (const s of c.steps) io.stdout.write(`      ${s.rule}: ${s.detail}\n`);
      }
      io.stdout.write(`Rules: ${EFFECTIVE_PERMISSIONS_DOC}\n`);
      return EXIT.ok;
    }
    throw new UsageError(
      verb
        ? `Unknown “permissions ${verb}”: use audit, diff or explain.`
        : 'Say audit, diff or explain.',
    );
  },
};
