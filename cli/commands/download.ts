import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Emit } from '../../engine';
import { EngineError } from '../../engine/errors';
import { parseCommandLine, UsageError, type FlagSpec } from '../../engine/host/cli-args';
import {
  DOWNLOAD_KINDS,
  downloadKinds,
  downloadStartSchema,
  PDF_PAGE_TYPES,
  type DownloadKind,
  type DownloadOutcome,
  type DownloadStartInput,
} from '../../shared/downloads';
import type { OperationProgressEvent } from '../../shared/operations';
import { MB } from '../../shared/publish';
import { CliError, EXIT, type Command } from '../command';
import { CONNECTION_HELP, connectionFlags, openSession } from '../connection-flags';
import { checkOutPath, seconds } from '../output';

const flags = {
  ...connectionFlags,
  out: {
    kind: 'string',
    description: 'the file to write (- for stdout); default: the server’s name',
  },
  revision: {
    kind: 'number',
    description: 'the revision number (workbook-revision, datasource-revision)',
  },
  filter: {
    kind: 'string',
    multiple: true,
    description: 'a view filter vf_FIELD=VALUE (repeatable)',
  },
  resolution: { kind: 'string', description: 'images: high' },
  'page-type': { kind: 'string', description: `PDFs: ${PDF_PAGE_TYPES.join(', ')}` },
  orientation: { kind: 'string', description: 'PDFs: portrait or landscape' },
  'max-age': { kind: 'number', description: 'minutes of cache Tableau may use (0–240)' },
  extract: {
    kind: 'boolean',
    description:
      'workbooks and data sources: include the extract (default; --no-extract leaves it out)',
  },
  help: { kind: 'boolean', description: 'show this help' },
} satisfies FlagSpec;

const width = Math.max(...downloadKinds.map((k) => k.length));
const HELP = `Download a workbook, data source, flow, revision, view or custom view to a file.

Usage: trestle download KIND ID [flags] <connection>

Kinds:
${downloadKinds.map((k) => `  ${k.padEnd(width)}  ${DOWNLOAD_KINDS[k].label}`).join('\n')}

Flags:
  --out FILE             write to FILE (a partial file beside it, renamed when whole);
                         - writes to stdout; default: the file name Tableau sends, in the
                         current folder (never over an existing file: "name (1).ext")
  --revision N           the revision, for workbook-revision and datasource-revision
  --filter vf_F=V        a view filter (repeatable), for views and custom views
  --resolution high      images at high resolution
  --page-type T          PDFs: ${PDF_PAGE_TYPES.join(', ')}
  --orientation O        PDFs: portrait or landscape
  --max-age N            minutes of cache Tableau may use (0-240)
  --no-extract           workbooks and data sources without their extract

The file is streamed to disk with progress on stderr; a JSON line on stdout says where it went
(file, bytes, sha256, contentType). Ctrl+C cancels and leaves no partial file.

${CONNECTION_HELP}

Exit codes: 0 downloaded, 1 Tableau refused or the download failed, 2 usage error, 130 cancelled.

Examples:
  trestle download workbook 1f2e… --out Sales.twbx --sandbox
  trestle download view-csv 9a8b… --filter vf_Region=West --out west.csv --sandbox`;

/** A file name not yet taken in the folder: `name.ext`, else `name (1).ext`, `name (2).ext`… */
function freeName(dir: string, name: string): string {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  let candidate = name;
  for (let n = 1; fs.existsSync(path.join(dir, candidate)); n++) candidate = `${stem} (${n})${ext}`;
  return path.join(dir, candidate);
}

export const downloadCommand: Command = {
  name: 'download',
  help: HELP,
  async run(args, io) {
    const { flags: options, positionals } = parseCommandLine(args, flags);
    if (options.help) {
      io.stdout.write(`${HELP}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 2)
      throw new UsageError(
        positionals.length < 2
          ? 'Give the KIND and the ID, e.g. trestle download workbook 1f2e….'
          : `Unexpected argument “${positionals[2]}” (one KIND and one ID).`,
      );
    const [what, id] = positionals;
    if (!(downloadKinds as string[]).includes(what))
      throw new UsageError(`KIND is one of ${downloadKinds.join(', ')}, not “${what}”.`);
    const filters = (options.filter ?? []).map((text) => {
      const match = /^(vf_[^=]+)=(.*)$/s.exec(text);
      if (!match) throw new UsageError(`--filter takes vf_FIELD=VALUE, not “${text}”.`);
      return { name: match[1], value: match[2] };
    });
    if (options.resolution !== undefined && options.resolution !== 'high')
      throw new UsageError('--resolution takes high.');
    const orientation = options.orientation?.toLowerCase();
    if (orientation !== undefined && orientation !== 'portrait' && orientation !== 'landscape')
      throw new UsageError('--orientation is portrait or landscape.');
    const pageType = options['page-type']
      ? PDF_PAGE_TYPES.find((t) => t.toLowerCase() === options['page-type']!.toLowerCase())
      : undefined;
    if (options['page-type'] && !pageType)
      throw new UsageError(`--page-type is one of ${PDF_PAGE_TYPES.join(', ')}.`);
    const input: DownloadStartInput = {
      kind: 'download',
      what: what as DownloadKind,
      id,
      revision: options.revision,
      filters,
      highResolution: options.resolution === 'high' ? true : undefined,
      maxAge: options['max-age'],
      pageType,
      orientation: orientation
        ? orientation === 'portrait'
          ? 'Portrait'
          : 'Landscape'
        : undefined,
      includeExtract: options.extract === false ? false : undefined,
    };
    const parsed = downloadStartSchema.safeParse(input);
    if (!parsed.success)
      throw new UsageError(
        parsed.error.issues.map((i) => `${i.path.join('.') || 'ID'}: ${i.message}`).join('; '),
      );
    const toStdout = options.out === '-';
    if (!toStdout) checkOutPath(options.out);
    // Written beside where it ends up (a rename, never a copy), or in the temp folder for stdout.
    const dir = toStdout
      ? fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-download-'))
      : options.out
        ? path.dirname(path.resolve(options.out))
        : process.cwd();
    const target =
      options.out && !toStdout
        ? path.resolve(options.out)
        : path.join(dir, `.trestle-download-${randomUUID()}`);

    let onProgress: ((event: OperationProgressEvent) => void) | null = null;
    const emit: Emit = (event, payload) => {
      if (event === 'operation:progress') onProgress?.(payload as OperationProgressEvent);
    };
    const session = await openSession(options, io, emit);
    try {
      const operationId = randomUUID();
      const live = Boolean(io.stderr.isTTY);
      let last = '';
      onProgress = ({ operationId: opId, progress }) => {
        if (opId !== operationId) return;
        const line = progress.status;
        if (line === last) return;
        last = line;
        io.stderr.write(live ? `\r\x1b[2K${line}` : `${line}\n`);
      };
      io.onInterrupt(() => session.engine.operations.cancel(operationId));
      try {
        await session.engine.startDownload(session.connectionId, input, { operationId, target });
      } catch (error) {
        if (error instanceof EngineError && error.code === 'download.badRequest')
          throw new CliError(error.message, EXIT.usage);
        throw error;
      }
      const final = await session.engine.operations.wait(operationId);
      io.onInterrupt(null);
      if (live && last) io.stderr.write('\n');
      const outcome =
        final.outcome?.kind === 'download' ? (final.outcome as DownloadOutcome) : null;
      if (final.state === 'cancelled') {
        io.stderr.write('Cancelled; no file was written.\n');
        return EXIT.interrupted;
      }
      if (!outcome) {
        for (const item of final.items ?? [])
          if (item.state === 'failed')
            io.stderr.write(`${item.code ? `${item.code} ` : ''}${item.message ?? 'failed'}\n`);
        if (final.error) io.stderr.write(`${final.error.message}\n`);
        return EXIT.failed;
      }
      let file = target;
      if (toStdout) {
        await pipeline(fs.createReadStream(target), io.stdout, { end: false });
        fs.rmSync(dir, { recursive: true, force: true });
      } else if (!options.out) {
        file = freeName(dir, outcome.fileName);
        fs.renameSync(target, file);
      }
      io.stderr.write(
        `Downloaded ${outcome.fileName} (${(outcome.bytes / MB).toFixed(1)} MB) in ${seconds(final.elapsedMs)}.\n`,
      );
      if (!toStdout)
        io.stdout.write(
          `${JSON.stringify({ file, bytes: outcome.bytes, sha256: outcome.sha256, contentType: outcome.contentType })}\n`,
        );
      return EXIT.ok;
    } finally {
      await session.close();
    }
  },
};
