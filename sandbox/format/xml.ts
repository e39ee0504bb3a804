import type { Element } from './element';

const XML_HEAD =
  "<?xml version='1.0' encoding='UTF-8'?>" +
  '<tsResponse xmlns="http://tableau.com/api" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
  ' xsi:schemaLocation="http://tableau.com/api https://help.tableau.com/samples/en-us/rest_api/ts-api_';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeXml(value: string): string {
  return /[&<>"']/.test(value) ? value.replace(/[&<>"']/g, (c) => ESCAPES[c]) : value;
}

/** Hand serializer: several times faster than a generic builder for large pages. */
export function writeElement(element: Element, out: string[]): void {
  out.push('<', element.name);
  const attrs = element.attrs;
  if (attrs) {
    for (const key in attrs) {
      const value = attrs[key];
      if (value === undefined || value === null) continue;
      out.push(' ', key, '="', escapeXml(String(value)), '"');
    }
  }
  const children = element.children;
  if ((!children || children.length === 0) && element.text === undefined) {
    out.push('/>');
    return;
  }
  out.push('>');
  if (element.text !== undefined) out.push(escapeXml(element.text));
  if (children) for (const child of children) writeElement(child, out);
  out.push('</', element.name, '>');
}

/** A full `tsResponse` document; the schema location names the URL's API version as Tableau does. */
export function toXmlDocument(elements: Element[], apiVersion: string): string {
  const out: string[] = [XML_HEAD, apiVersion.replace('.', '_'), '.xsd">'];
  for (const element of elements) writeElement(element, out);
  out.push('</tsResponse>');
  return out.join('');
}
