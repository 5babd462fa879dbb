/**
 * Reading a scene from a link: operators tag landing pages like
 * https://shop.example.com/?channel=spring-fair and want the code for "spring-fair".
 */
export const DEFAULT_PARAM_NAMES = ['scene', 'channel', 'utm_source', 'utm_campaign', 'from', 'source'] as const;

export interface LinkParams {
  /** Every parameter of the link in order, first value of each name, decoded (%xx and +). */
  params: [name: string, value: string][];
  host: string;
  path: string;
}

/** Only web links carry parameters we should read; javascript:, data: and the like are refused. */
const READABLE_PROTOCOLS = new Set(['http:', 'https:']);

export function readLinkParams(link: string): LinkParams | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  if (!READABLE_PROTOCOLS.has(url.protocol)) return undefined;
  const seen = new Map<string, string>();
  // Single-page apps put their query in the hash: https://m.example.com/#/page?channel=x
  const hashQuery = url.hash.includes('?') ? url.hash.slice(url.hash.indexOf('?') + 1) : '';
  for (const query of [url.search, hashQuery]) {
    // URLSearchParams decodes percent-escapes and "+" as a space, as forms encode them.
    for (const [name, value] of new URLSearchParams(query)) if (!seen.has(name)) seen.set(name, value);
  }
  return { params: [...seen], host: url.host, path: url.pathname };
}

/** The first configured name the link carries, in the operator's order. */
export function pickSceneParam(link: LinkParams, names: readonly string[]): [name: string, value: string] | undefined {
  for (const name of names) {
    const found = link.params.find(([n]) => n === name);
    if (found) return found;
  }
  return undefined;
}

/** "spring-fair · shop.example.com/landing": the value plus where it came from. */
export function labelFor(value: string, link: LinkParams): string {
  const path = link.path === '/' ? '' : link.path;
  return `${value} · ${link.host}${path}`;
}
