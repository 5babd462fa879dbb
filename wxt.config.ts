import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// The manifest asks for exactly what the foundation needs: storage for credentials and the
// token cache, and the two WeChat hosts the background talks to. Nothing else.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader (and tsc) sees where each name comes from.
  imports: false,
  vite: () => ({
    plugins: [preact({ prerender: { enabled: false } })],
    build: { target: 'chrome116' },
  }),
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    // storage.session (token cache) and the MV3 service-worker features we use are in Chrome 102+;
    // 116 keeps long fetches from being cut off when the popup closes mid-request.
    minimum_chrome_version: '116',
    permissions: ['storage'],
    host_permissions: ['https://api.weixin.qq.com/*', 'https://mp.weixin.qq.com/*'],
    action: { default_title: '__MSG_extName__' },
  },
});
