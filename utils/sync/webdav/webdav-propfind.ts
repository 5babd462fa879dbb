import type { RemoteEntry } from '../remote-folder';

/**
 * Reading a PROPFIND Depth: 1 answer (RFC 4918 §9.1, a 207 multistatus) without DOMParser, which
 * a service worker does not have. Servers differ in namespace prefixes (D:, d:, lp1:, none with a
 * default xmlns), so elements are matched by local name; only three matter: each response's href,
 * whether its resourcetype holds a collection, and its getcontentlength.
 */

export const PROPFIND_BODY =
  '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getcontentlength/></d:prop></d:propfind>';

const element = (name: string) => new RegExp(`<(?:[\\w.-]+:)?${name}\\b[^>]*?(?:/>|>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}\\s*>)`, 'gi');

function decodeXmlText(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function first(xml: string, name: string): string | undefined {
  const match = element(name).exec(xml);
  return match ? (match[1] ?? '') : undefined;
}

/** The last path segment of an href (absolute URL or path), percent-decoded. */
function lastSegment(href: string): string {
  const path = new URL(href, 'http://x/').pathname.replace(/\/+$/, '');
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

/** The plain files directly inside the folder PROPFIND was asked about (the folder itself and sub-folders left out); null when not a multistatus. */
export function parsePropfind(xml: string): RemoteEntry[] | null {
  if (!element('multistatus').test(xml)) return null;
  const entries: RemoteEntry[] = [];
  for (const match of xml.matchAll(element('response'))) {
    const response = match[1] ?? '';
    const href = first(response, 'href');
    if (href === undefined) continue;
    const type = first(response, 'resourcetype') ?? '';
    if (element('collection').test(type)) continue;
    const name = lastSegment(decodeXmlText(href.trim()));
    if (name === '') continue;
    entries.push({ name, size: Number(first(response, 'getcontentlength') ?? 0) || 0 });
  }
  return entries;
}
