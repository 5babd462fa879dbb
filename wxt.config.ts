import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';

/**
 * Vite writes a page's <script type="module"> and modulepreload links before its stylesheet, so the
 * browser asks for the stylesheet last, and a page paints nothing until its stylesheet is in. The
 * popup's static header (entrypoints/popup/index.html) can paint before its scripts run only if the
 * stylesheet comes first. Measured: popup first paint 1.20–1.33× a blank page with this order and
 * the header, 1.53–1.65× with neither, about 1.5× with only one of them (bench/run.ts popup).
 */
function stylesheetsFirst(): Plugin {
  return {
    name: 'scene-qr:stylesheets-first',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const links = html.match(/[ \t]*<link rel="stylesheet"[^>]*>\n/g) ?? [];
        const rest = links.reduce((page, link) => page.replace(link, ''), html);
        const firstScript = rest.search(/[ \t]*<script type="module"/);
        return firstScript < 0 ? html : rest.slice(0, firstScript) + links.join('') + rest.slice(firstScript);
      },
    },
  };
}

// The manifest asks for what the features use: storage (credentials, token cache, settings),
// contextMenus ("QR for this link param"), notifications (codes created straight from the menu)
// alarms (wakes a worker stopped mid-batch so the batch resumes)
// and the two WeChat hosts the background talks to. No content scripts, no access to pages.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader (and tsc) sees where each name comes from.
  imports: false,
  vite: () => ({
    plugins: [preact({ prerender: { enabled: false } }), stylesheetsFirst()],
    build: { target: 'chrome116' },
  }),
  hooks: {
    // The extension pages are built together (the background separately, as one file): there, what
    // the popup draws first goes in one chunk. Left to itself Rollup gives every module the batch and
    // options pages also use a file of its own, and each file is one more request before the popup's
    // first paint (measured: 8 requests instead of 5, about +20 ms to first paint).
    'vite:build:extendConfig'(entrypoints, config) {
      if (!entrypoints.some((entrypoint) => entrypoint.type === 'popup')) return;
      const output = ((config.build ??= {}).rollupOptions ??= {});
      output.output = {
        ...(Array.isArray(output.output) ? {} : output.output),
        manualChunks(id: string) {
          // What the popup draws first: the shared widgets, the create form and the code helpers it uses.
          if (/\/components\/(shared|create)\//.test(id) || /\/utils\/codes\//.test(id)) return 'popup-first';
          return undefined;
        },
      };
    },
  },
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    // storage.session (token cache) and the MV3 service-worker features we use are in Chrome 102+;
    // 116 keeps long fetches from being cut off when the popup closes mid-request.
    minimum_chrome_version: '116',
    permissions: ['storage', 'contextMenus', 'notifications', 'alarms'],
    host_permissions: ['https://api.weixin.qq.com/*', 'https://mp.weixin.qq.com/*'],
    // Asked for at run time, one origin at a time, when the operator saves their own server's URL
    // (test pushes); never granted at install.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: '__MSG_extName__' },
  },
});
