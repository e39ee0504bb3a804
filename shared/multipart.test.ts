import { describe, expect, it } from 'vitest';
import { fileNameFromDisposition } from './downloads';
import { multipartLayout, multipartProblem, utf8Length, type MultipartBody } from './multipart';
import { publishPayload } from './publish';

/** The body as bytes, with each file segment standing for `size` bytes of `x`. */
function render(body: MultipartBody, boundary: string, sizes: number[]): string {
  return multipartLayout(body, boundary, sizes)
    .segments.map((s) => (s.kind === 'text' ? s.text : 'x'.repeat(s.length)))
    .join('');
}

describe('multipart/mixed bodies', () => {
  it('lays a publish out as TSC sends it: form-data dispositions, CRLF, the closing boundary', () => {
    const body: MultipartBody = {
      kind: 'multipart',
      text: '<tsRequest/>',
      payloadType: 'xml',
      files: [{ name: 'tableau_workbook', path: '/tmp/Sales Q1.twbx' }],
    };
    const layout = multipartLayout(body, 'b0', [3]);
    expect(layout.contentType).toBe('multipart/mixed; boundary=b0');
    expect(render(body, 'b0', [3])).toBe(
      '--b0\r\nContent-Disposition: form-data; name="request_payload"; filename=""\r\nContent-Type: text/xml\r\n\r\n<tsRequest/>\r\n' +
        '--b0\r\nContent-Disposition: form-data; name="tableau_workbook"; filename="Sales Q1.twbx"\r\nContent-Type: application/octet-stream\r\n\r\nxxx\r\n' +
        '--b0--\r\n',
    );
    expect(layout.length).toBe(render(body, 'b0', [3]).length);
  });

  it('sends an upload chunk as a slice of the file, after an empty payload', () => {
    const body: MultipartBody = {
      kind: 'multipart',
      text: '',
      payloadType: 'xml',
      files: [
        { name: 'tableau_file', path: '/big.hyper', filename: 'file', offset: 10, length: 4 },
      ],
    };
    const layout = multipartLayout(body, 'b', [100]);
    expect(layout.segments.find((s) => s.kind === 'file')).toEqual({
      kind: 'file',
      index: 0,
      offset: 10,
      length: 4,
    });
    expect(render(body, 'b', [100])).toContain('\r\n\r\n\r\n--b\r\n');
  });

  it('counts UTF-8 bytes for Content-Length and escapes quotes in file names', () => {
    expect(utf8Length('Zürich 東京 😀')).toBe(Buffer.byteLength('Zürich 東京 😀'));
    const body: MultipartBody = {
      kind: 'multipart',
      text: '<tsRequest><workbook name="Zürich"/></tsRequest>',
      payloadType: 'xml',
      files: [{ name: 'tableau_workbook', path: '/a/b"c.twb' }],
    };
    const layout = multipartLayout(body, 'bb', [0]);
    expect(layout.length).toBe(Buffer.byteLength(render(body, 'bb', [0])));
    expect(render(body, 'bb', [0])).toContain('filename="b%22c.twb"');
  });

  it('refuses a part with no file, a repeated or malformed name, and a boundary in the payload', () => {
    const base: MultipartBody = { kind: 'multipart', text: '', payloadType: 'xml', files: [] };
    expect(multipartProblem({ ...base, files: [{ name: 'tableau_file', path: ' ' }] })?.code).toBe(
      'request.noFile',
    );
    expect(
      multipartProblem({
        ...base,
        files: [
          { name: 'tableau_file', path: '/a' },
          { name: 'tableau_file', path: '/b' },
        ],
      })?.code,
    ).toBe('request.duplicatePart');
    expect(multipartProblem({ ...base, files: [{ name: 'bad name', path: '/a' }] })?.code).toBe(
      'request.badPartName',
    );
    expect(multipartProblem({ ...base, text: 'x --bnd y', boundary: 'bnd' })?.code).toBe(
      'request.badBoundary',
    );
  });
});

describe('publish payloads and download names', () => {
  it('writes apostrophes as &#39; (Tableau refuses &apos;) and masks the password when asked', () => {
    const start = {
      projectId: 'p1',
      hiddenViews: ['Rep’s view'],
      credentials: { name: "o'neil", password: 's3cret', embed: true, oAuth: false },
    };
    const xml = publishPayload(start, 'workbook', "Q1 'final'");
    expect(xml).toBe(
      '<tsRequest><workbook name="Q1 &#39;final&#39;"><project id="p1"/><connectionCredentials name="o&#39;neil" password="s3cret" embed="true"/><views><view name="Rep’s view" hidden="true"/></views></workbook></tsRequest>',
    );
    expect(publishPayload(start, 'workbook', 'Q1', { maskPassword: true })).toContain(
      'password="********"',
    );
  });

  it('reads the file name Tableau sends, RFC 5987 first, without paths', () => {
    expect(fileNameFromDisposition('attachment; filename="Sales.twbx"')).toBe('Sales.twbx');
    expect(
      fileNameFromDisposition(
        `attachment; filename="R_sum_.twbx"; filename*=UTF-8''R%C3%A9sum%C3%A9.twbx`,
      ),
    ).toBe('Résumé.twbx');
    expect(fileNameFromDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(fileNameFromDisposition(undefined)).toBeNull();
  });
});
