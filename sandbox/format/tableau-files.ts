import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { looksLikeZip, readZipEntry, ZipError, zipEntries, type ZipSource } from './zip-read';

/**
 * What the sandbox reads from a published file: a workbook's sheets (its views) and
 * connections from the .twb (inside the zip for a .twbx), a data source's connections from the
 * .tds, a flow's from its `flow` document. Anything that is not the file type it claims to be
 * is a `FileProblem`, which publishing answers with 400011.
 */
export class FileProblem extends Error {}

export interface FileConnection {
  type: string;
  serverAddress: string;
  serverPort: string;
  userName: string;
  datasourceName: string;
}

export interface Sheet {
  name: string;
  type: 'view' | 'dashboard' | 'story';
}

export interface WorkbookFile {
  /** The views Tableau makes: the sheets not hidden, in the order of the workbook's tabs. */
  sheets: Sheet[];
  connections: FileConnection[];
  hasExtracts: boolean;
}

export interface DatasourceFile {
  /** The data source's type, as Tableau lists it (the first connection's class). */
  type: string;
  connections: FileConnection[];
  hasExtracts: boolean;
}

export interface FlowFile {
  connections: FileConnection[];
}

/** A .twb of up to this size is read (Tableau workbooks are XML; extracts sit beside them). */
const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
const EXTRACT = /\.(hyper|tde)$/i;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name) =>
    ['datasource', 'connection', 'named-connection', 'window', 'worksheet', 'dashboard'].includes(
      name,
    ),
});

type Node = Record<string, unknown>;

function nodes(value: unknown): Node[] {
  if (Array.isArray(value)) return value.filter((v): v is Node => !!v && typeof v === 'object');
  return value && typeof value === 'object' ? [value as Node] : [];
}

function attr(node: Node, name: string): string {
  const value = node[name];
  return typeof value === 'string' ? value : '';
}

/** Parses a Tableau XML document whose root must be `root`. */
function document(bytes: Buffer, root: string, what: string): Node {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (XMLValidator.validate(text) !== true) throw new FileProblem(`${what} is not well-formed XML`);
  const doc = parser.parse(text) as Node;
  const top = nodes(doc[root])[0];
  if (!top) throw new FileProblem(`${what} has no <${root}> root element`);
  return top;
}

/** The leaf connections under a data source element (a federated one holds named connections). */
function connectionsOf(datasource: Node): FileConnection[] {
  const name =
    attr(datasource, 'caption') || attr(datasource, 'formatted-name') || attr(datasource, 'name');
  const found: FileConnection[] = [];
  const visit = (connection: Node) => {
    const type = attr(connection, 'class');
    if (type && type !== 'federated')
      found.push({
        type,
        serverAddress: attr(connection, 'server'),
        serverPort: attr(connection, 'port'),
        userName: attr(connection, 'username'),
        datasourceName: name,
      });
    for (const named of nodes(nodes(connection['named-connections'])[0]?.['named-connection']))
      for (const inner of nodes(named.connection)) visit(inner);
  };
  for (const connection of nodes(datasource.connection)) visit(connection);
  return found;
}

/** The document entry of a packaged file: the first one at the top level with that extension. */
function packagedDocument(
  source: ZipSource,
  extension: string,
  what: string,
): { bytes: Buffer; names: string[] } {
  let entries;
  try {
    entries = zipEntries(source);
  } catch (error) {
    throw new FileProblem(`${what}: ${(error as Error).message}`);
  }
  const entry = entries.find(
    (e) => !e.name.includes('/') && e.name.toLowerCase().endsWith(extension),
  );
  if (!entry) throw new FileProblem(`${what} holds no ${extension} document at its top level`);
  try {
    return {
      bytes: readZipEntry(source, entry, MAX_DOCUMENT_BYTES),
      names: entries.map((e) => e.name),
    };
  } catch (error) {
    if (error instanceof ZipError) throw new FileProblem(`${what}: ${error.message}`);
    throw error;
  }
}

function readWorkbookXml(bytes: Buffer, what: string, hasExtracts: boolean): WorkbookFile {
  const workbook = document(bytes, 'workbook', what);
  const sheetType = (cls: string): Sheet['type'] =>
    cls === 'dashboard' ? 'dashboard' : cls === 'storyboard' || cls === 'story' ? 'story' : 'view';
  const declared: Sheet[] = [
    ...nodes(nodes(workbook.worksheets)[0]?.worksheet).map((w) => ({
      name: attr(w, 'name'),
      type: 'view' as const,
    })),
    ...nodes(nodes(workbook.dashboards)[0]?.dashboard).map((d) => ({
      name: attr(d, 'name'),
      type: attr(d, 'type') === 'storyboard' ? ('story' as const) : ('dashboard' as const),
    })),
  ].filter((s) => s.name);
  const windows = nodes(nodes(workbook.windows)[0]?.window);
  let sheets: Sheet[];
  if (windows.length === 0) sheets = declared;
  else {
    // Tabs in the workbook's order; a sheet hidden there (used only in a dashboard) is no view.
    const mentioned = new Set(windows.map((w) => attr(w, 'name')));
    sheets = [
      ...windows
        .filter((w) => attr(w, 'name') && attr(w, 'hidden') !== 'true')
        .map((w) => ({ name: attr(w, 'name'), type: sheetType(attr(w, 'class')) })),
      ...declared.filter((s) => !mentioned.has(s.name)),
    ];
  }
  const connections = nodes(nodes(workbook.datasources)[0]?.datasource)
    .filter((d) => attr(d, 'name') !== 'Parameters')
    .flatMap(connectionsOf);
  return { sheets, connections, hasExtracts };
}

export function readWorkbookFile(
  source: ZipSource,
  type: 'twb' | 'twbx',
  fileName: string,
): WorkbookFile {
  const head = source.readSync(0, 4);
  if (type === 'twbx') {
    if (!looksLikeZip(head))
      throw new FileProblem(`${fileName} is not a packaged workbook (a .twbx is a zip)`);
    const { bytes, names } = packagedDocument(source, '.twb', fileName);
    return readWorkbookXml(
      bytes,
      fileName,
      names.some((n) => EXTRACT.test(n)),
    );
  }
  if (looksLikeZip(head)) throw new FileProblem(`${fileName} is a zip: publish it as a .twbx`);
  if (source.size > MAX_DOCUMENT_BYTES)
    throw new FileProblem(`${fileName} is larger than the sandbox reads`);
  return readWorkbookXml(source.readSync(0, source.size), fileName, false);
}

export function readDatasourceFile(
  source: ZipSource,
  type: string,
  fileName: string,
): DatasourceFile {
  const head = source.readSync(0, 8);
  if (type === 'hyper') {
    // Hyper files open with "Hyper" (the samples' World Indicators.hyper: "Hyper\b").
    if (head.subarray(0, 5).toString('latin1') !== 'Hyper')
      throw new FileProblem(`${fileName} is not a Hyper extract`);
    return { type: 'hyper', connections: [], hasExtracts: true };
  }
  if (type === 'tde' || type === 'parquet')
    return { type: type === 'tde' ? 'dataengine' : type, connections: [], hasExtracts: true };
  let bytes: Buffer;
  let hasExtracts = false;
  if (type === 'tdsx') {
    if (!looksLikeZip(head))
      throw new FileProblem(`${fileName} is not a packaged data source (a .tdsx is a zip)`);
    const packaged = packagedDocument(source, '.tds', fileName);
    bytes = packaged.bytes;
    hasExtracts = packaged.names.some((n) => EXTRACT.test(n));
  } else {
    if (looksLikeZip(head)) throw new FileProblem(`${fileName} is a zip: publish it as a .tdsx`);
    if (source.size > MAX_DOCUMENT_BYTES)
      throw new FileProblem(`${fileName} is larger than the sandbox reads`);
    bytes = source.readSync(0, source.size);
  }
  const connections = connectionsOf(document(bytes, 'datasource', fileName));
  return {
    type: connections[0]?.type ?? (hasExtracts ? 'hyper' : 'sqlserver'),
    connections,
    hasExtracts:
      hasExtracts || connections.some((c) => c.type === 'hyper' || c.type === 'dataengine'),
  };
}

/** A .tfl is a zip holding a `flow` JSON document; a .tflx packages one with its data. */
export function readFlowFile(source: ZipSource, fileName: string): FlowFile {
  if (!looksLikeZip(source.readSync(0, 4)))
    throw new FileProblem(`${fileName} is not a Prep flow (a .tfl or .tflx is a zip)`);
  let entries;
  try {
    entries = zipEntries(source);
  } catch (error) {
    throw new FileProblem(`${fileName}: ${(error as Error).message}`);
  }
  const entry = entries.find((e) => e.name === 'flow');
  if (!entry) throw new FileProblem(`${fileName} holds no flow document`);
  let flow: unknown;
  try {
    flow = JSON.parse(readZipEntry(source, entry, MAX_DOCUMENT_BYTES).toString('utf8'));
  } catch (error) {
    throw new FileProblem(
      `${fileName}: its flow document is not JSON (${(error as Error).message})`,
    );
  }
  const connections = Object.values(((flow as Node)?.connections as Node | undefined) ?? {})
    .filter((c): c is Node => !!c && typeof c === 'object')
    .map((c) => {
      const attrs = (c.connectionAttributes as Node | undefined) ?? {};
      return {
        type: attr(c, 'connectionType') || attr(attrs, 'class') || 'unknown',
        serverAddress: attr(attrs, 'server'),
        serverPort: attr(attrs, 'port'),
        userName: attr(attrs, 'username'),
        datasourceName: attr(c, 'name'),
      };
    });
  return { connections };
}
