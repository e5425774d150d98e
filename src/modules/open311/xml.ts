/**
 * The XML side of GeoReport v2. The spec defines JSON as a mapping of the XML by the Spark
 * convention (a container element holds repeated children; in JSON the container is an
 * array, even of one); this serializer walks the same value the JSON response is made of, so
 * the two formats cannot drift apart.
 *
 * Pure: no I/O. Every text node and attribute-free element is escaped here; element names
 * come from our own code, never from input.
 */

export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | XmlObject;
export interface XmlObject {
  [name: string]: XmlValue;
}

/** The element a JSON array's items are written as, by the name of their container. */
export type ItemNames = Readonly<Record<string, string>>;

/** GeoReport v2's containers (spec: services/service, service_requests/request, …). */
export const GEOREPORT_ITEMS: ItemNames = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
};

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Characters XML 1.0 cannot carry at all, even escaped: C0 controls other than tab, line feed
 * and carriage return, U+FFFE/U+FFFF, and unpaired surrogates. They become U+FFFD so that one
 * stray byte in a stored description cannot make a whole response unparsable.
 */
const NOT_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text content. `\r` is written as a reference: parsers turn a raw CR into LF. */
export function escapeXml(s: string): string {
  return s.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>"'\r]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return '&#13;';
    }
  });
}

function text(v: string | number | boolean): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('XML: non-finite number');
    return String(v);
  }
  return typeof v === 'boolean' ? String(v) : escapeXml(v);
}

function element(name: string, value: XmlValue, items: ItemNames, depth: number, out: string[]) {
  if (!NAME.test(name)) throw new Error(`XML: invalid element name ${JSON.stringify(name)}`);
  const pad = '  '.repeat(depth);
  if (value === null || value === undefined) {
    out.push(`${pad}<${name}/>`);
    return;
  }
  if (Array.isArray(value)) {
    const item = items[name];
    if (!item) throw new Error(`XML: no item name for the array <${name}>`);
    if (value.length === 0) {
      out.push(`${pad}<${name}/>`);
      return;
    }
    out.push(`${pad}<${name}>`);
    for (const v of value) element(item, v, items, depth + 1, out);
    out.push(`${pad}</${name}>`);
    return;
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    if (keys.length === 0) {
      out.push(`${pad}<${name}/>`);
      return;
    }
    out.push(`${pad}<${name}>`);
    for (const k of keys) element(k, value[k], items, depth + 1, out);
    out.push(`${pad}</${name}>`);
    return;
  }
  out.push(`${pad}<${name}>${text(value)}</${name}>`);
}

/**
 * A complete UTF-8 document: the declaration the spec requires, then `root` holding `value`.
 *
 * ### Examples
 * ```ts
 * toXml('services', [{ service_code: 'GT', service_name: 'Giao thông' }]);
 * // <?xml version="1.0" encoding="utf-8"?>
 * // <services>
 * //   <service>
 * //     <service_code>GT</service_code>
 * //     <service_name>Giao thông</service_name>
 * //   </service>
 * // </services>
 * ```
 */
export function toXml(root: string, value: XmlValue, items: ItemNames = GEOREPORT_ITEMS): string {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>'];
  element(root, value, items, 0, out);
  return `${out.join('\n')}\n`;
}
