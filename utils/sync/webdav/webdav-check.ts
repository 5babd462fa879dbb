import { type AppError, fail, toAppError } from '@/utils/messaging/app-error';
import { type WebDavSettings, webDavFolder } from './webdav-client';
import { type WebDavRequestOptions, davRequest } from './webdav-request';

/**
 * The options page's "Test": does each right sync needs, in the order sync needs them, and stops at
 * the first refused, so the operator reads which right is missing and why (the error's words name
 * the server and the next step). Leaves nothing behind: its file is removed at the end.
 */
export const CHECK_STEPS = ['propfind', 'mkcol', 'put', 'get', 'delete'] as const;
export type CheckStep = (typeof CHECK_STEPS)[number];

export interface CheckResult {
  /** Every step done, passed. */
  passed: CheckStep[];
  /** The step that failed, with why; absent when all passed. */
  failed?: { step: CheckStep; error: AppError };
  /** The account's folder checked, for the page to show. */
  folder: string;
}

export async function checkWebDav(settings: WebDavSettings, appId: string, options: WebDavRequestOptions = {}): Promise<CheckResult> {
  const folder = webDavFolder(settings, appId, options);
  const passed: CheckStep[] = [];
  const name = `.scene-qr-check-${crypto.randomUUID()}`;
  const body = new TextEncoder().encode(`Scene QR checks it may write here. ${new Date().toISOString()}`);
  const steps: Record<CheckStep, () => Promise<void>> = {
    // The operator's URL itself: a wrong URL, password or a server that is no WebDAV server shows here.
    propfind: async () => {
      const { base, origin } = folder.location;
      await davRequest({ method: 'PROPFIND', url: base, origin, auth: settings, headers: { Depth: '0' }, what: 'PROPFIND' }, options);
    },
    // Makes <root>/ and <root>/<AppID>/ when missing, then lists the account's folder as every sync will.
    mkcol: async () => {
      await folder.ensure();
      await folder.list();
    },
    put: async () => {
      if ((await folder.create(name, body)) === 'exists') fail({ code: 'webdav_bad_response', params: [folder.location.origin], errmsg: `PUT ${name}` });
    },
    get: async () => {
      const back = await folder.read(name);
      if (back.length !== body.length || back.some((byte, i) => byte !== body[i])) {
        fail({ code: 'webdav_bad_response', params: [folder.location.origin], errmsg: `GET ${name}` });
      }
    },
    delete: () => folder.remove(name),
  };
  for (const step of CHECK_STEPS) {
    try {
      await steps[step]();
      passed.push(step);
    } catch (thrown) {
      return { passed, failed: { step, error: toAppError(thrown) }, folder: folder.location.folder };
    }
  }
  return { passed, folder: folder.location.folder };
}
