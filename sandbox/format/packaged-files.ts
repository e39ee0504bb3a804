/**
 * Zip-based downloads: packaged workbooks (.twbx) and data sources (.tdsx), crosstab Excel
 * (.xlsx) and PowerPoint (.pptx). Each is a real zip holding small XML parts; the Tableau
 * documents are skeletons (no viz layout), the Office files hold the text of the export.
 */
import { pngImage, xmlEscape, zipArchive } from './file-bytes';

const XML_HEAD = "<?xml version='1.0' encoding='utf-8' ?>\n";

export interface PackagedItem {
  name: string;
  sheets: string[];
  connections: Array<{ type: string; serverAddress: string; datasourceName: string }>;
  /** Adds `Data/Extracts/<name>.hyper` (placeholder bytes) unless `includeExtract=false`. */
  extract: boolean;
}

function datasourceXml(item: PackagedItem): string {
  const sources = item.connections.length > 0 ? item.connections : [];
  return sources
    .map(
      (c) =>
        `  <datasource caption='${xmlEscape(c.datasourceName)}' inline='true' name='${xmlEscape(c.datasourceName)}' version='18.1'>\n` +
        `    <connection class='${xmlEscape(c.type)}' server='${xmlEscape(c.serverAddress)}' />\n` +
        `  </datasource>\n`,
    )
    .join('');
}

function extractPart(item: PackagedItem) {
  if (!item.extract) return [];
  // Not a real Hyper file: a marker and padding standing in for the extract's size.
  const bytes = Buffer.alloc(4096, 0);
  bytes.write(`sandbox placeholder extract for ${item.name}`, 0, 'utf8');
  return [{ name: `Data/Extracts/${item.name}.hyper`, data: bytes }];
}

/** `.twbx`: the `.twb` document (datasources + one worksheet per sheet) and a thumbnail. */
export function packagedWorkbook(item: PackagedItem): Buffer {
  const worksheets = item.sheets
    .map((s) => `    <worksheet name='${xmlEscape(s)}'>\n      <table />\n    </worksheet>\n`)
    .join('');
  const twb =
    `${XML_HEAD}<workbook source-build='2025.1.0' version='18.1' xmlns:user='http://www.tableausoftware.com/xml/user'>\n` +
    `  <datasources>\n${datasourceXml(item)}  </datasources>\n` +
    `  <worksheets>\n${worksheets}  </worksheets>\n</workbook>\n`;
  return zipArchive([
    { name: `${item.name}.twb`, data: twb },
    { name: 'Image/thumbnail.png', data: pngImage(item.name, 80, 50) },
    ...extractPart(item),
  ]);
}

/** `.tdsx`: the `.tds` document with its connections. */
export function packagedDatasource(item: PackagedItem): Buffer {
  const tds =
    `${XML_HEAD}<datasource formatted-name='${xmlEscape(item.name)}' inline='true' version='18.1'>\n` +
    item.connections
      .map(
        (c) =>
          `  <connection class='${xmlEscape(c.type)}' server='${xmlEscape(c.serverAddress)}' />\n`,
      )
      .join('') +
    `</datasource>\n`;
  return zipArchive([{ name: `${item.name}.tds`, data: tds }, ...extractPart(item)]);
}

const OFFICE_RELS = (target: string, type: string) =>
  `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>` +
  `</Relationships>`;

/** A one-sheet `.xlsx` (inline strings and numbers), as Download View Crosstab Excel. */
export function crosstabWorkbook(sheet: string, rows: Array<Array<string | number>>): Buffer {
  const col = (i: number) => String.fromCharCode(65 + i);
  const cells = rows
    .map(
      (row, r) =>
        `<row r="${r + 1}">` +
        row
          .map((v, c) =>
            typeof v === 'number'
              ? `<c r="${col(c)}${r + 1}"><v>${v}</v></c>`
              : `<c r="${col(c)}${r + 1}" t="inlineStr"><is><t>${xmlEscape(v)}</t></is></c>`,
          )
          .join('') +
        `</row>`,
    )
    .join('');
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  return zipArchive([
    {
      name: '[Content_Types].xml',
      data:
        `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
        `<Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
        `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
        `</Types>`,
    },
    { name: '_rels/.rels', data: OFFICE_RELS('xl/workbook.xml', 'officeDocument') },
    {
      name: 'xl/workbook.xml',
      data:
        `${XML_HEAD}<workbook xmlns="${main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
        `<sheets><sheet name="${xmlEscape(sheet.slice(0, 31))}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    { name: 'xl/_rels/workbook.xml.rels', data: OFFICE_RELS('worksheets/sheet1.xml', 'worksheet') },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: `${XML_HEAD}<worksheet xmlns="${main}"><sheetData>${cells}</sheetData></worksheet>`,
    },
  ]);
}

/**
 * A `.pptx`-shaped package: one slide per sheet with its title and image. It carries the
 * presentation parts but no slide master or theme, so it is for byte-level clients, not
 * for opening in PowerPoint.
 */
export function presentation(titles: string[]): Buffer {
  const p = 'http://schemas.openxmlformats.org/presentationml/2006/main';
  const slides = titles.map((title, i) => ({
    name: `ppt/slides/slide${i + 1}.xml`,
    data:
      `${XML_HEAD}<p:sld xmlns:p="${p}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">` +
      `<p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>${xmlEscape(title)}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`,
  }));
  const images = titles.map((title, i) => ({
    name: `ppt/media/image${i + 1}.png`,
    data: pngImage(title),
  }));
  return zipArchive([
    {
      name: '[Content_Types].xml',
      data:
        `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        `<Default Extension="png" ContentType="image/png"/>` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
        `<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>` +
        slides
          .map(
            (s) =>
              `<Override PartName="/${s.name}" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>`,
          )
          .join('') +
        `</Types>`,
    },
    { name: '_rels/.rels', data: OFFICE_RELS('ppt/presentation.xml', 'officeDocument') },
    {
      name: 'ppt/presentation.xml',
      data: `${XML_HEAD}<p:presentation xmlns:p="${p}"><p:sldSz cx="12192000" cy="6858000"/></p:presentation>`,
    },
    ...slides,
    ...images,
  ]);
}
