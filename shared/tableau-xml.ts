import { XMLParser } from 'fast-xml-parser';

/**
 * Elements that repeat without a plural container of their own name (Tableau's JSON keeps
 * them as arrays, e.g. `"granteeCapabilities":[…]` inside `"permissions"`).
 */
const ALWAYS_ARRAY = new Set(['granteeCapabilities', 'capability', 'flowRuns', 'linkedTasks']);

function isListItem(name: string, parent: string | undefined): boolean {
  if (ALWAYS_ARRAY.has(name)) return true;
  if (!parent) return false;
  const p = parent.toLowerCase();
  const n = name.toLowerCase();
  return p === `${n}s` || p === `${n}es` || (n.endsWith('y') && p === `${n.slice(0, -1)}ies`);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: 'value',
  removeNSPrefix: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  isArray: (name, jpath) => {
    const parts = String(jpath).split('.');
    return isListItem(name, parts[parts.length - 2]);
  },
});

/**
 * Parses a Tableau XML response into the shape Tableau's JSON responses have: no `tsResponse`
 * wrapper, attributes as keys, list items as arrays under both names, text as `value`.
 */
export function tableauXmlToJson(xml: string): unknown {
  const doc = parser.parse(xml) as Record<string, unknown>;
  const root = (doc.tsResponse ?? doc.tsRequest ?? doc) as Record<string, unknown>;
  return stripNamespaceAttributes(root);
}

function stripNamespaceAttributes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNamespaceAttributes);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'xmlns' || key.startsWith('xmlns:') || key === 'schemaLocation') continue;
    out[key] = stripNamespaceAttributes(child === '' ? {} : child);
  }
  return out;
}
