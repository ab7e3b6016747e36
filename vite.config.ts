import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx, defineManifest } from '@crxjs/vite-plugin';
import baseManifest from './manifest.json' with { type: 'json' };

/** The Firefox patch on the base manifest: event-page background, gecko id, no data collected. */
function firefoxManifest(base: typeof baseManifest) {
  const { background, ...rest } = base;
  return {
    ...rest,
    permissions: [...base.permissions, 'dns'],
    background: { scripts: [background.service_worker], type: background.type },
    browser_specific_settings: {
      gecko: {
        id: 'vigie@vigie.invalid',
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
    },
  };
}

export default defineConfig(({ mode }) => {
  const firefox = mode === 'firefox';
  const manifest = defineManifest(() => (firefox ? firefoxManifest(baseManifest) : baseManifest) as never);
  return {
    define: { __FIREFOX__: JSON.stringify(firefox) },
    plugins: [
      preact(),
      crx({
        manifest,
        browser: firefox ? 'firefox' : 'chrome',
        // One self-contained content script: crxjs's loader would expose files to every site.
        contentScripts: { standaloneFiles: ['src/content/index.ts'] },
      }),
    ],
    build: {
      outDir: firefox ? 'dist-firefox' : 'dist',
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      sourcemap: false,
      modulePreload: false,
    },
    server: { cors: false },
  };
});
