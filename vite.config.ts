import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx, defineManifest } from '@crxjs/vite-plugin';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import baseManifest from './manifest.json' with { type: 'json' };

/** Ships the compiled routing tables (from `npm run data:build`) as plain assets. */
function packagedData(): Plugin {
  return {
    name: 'vigie-packaged-data',
    generateBundle() {
      for (const file of ['asn-hot.bin', 'asn-table.bin']) this.emitFile({ type: 'asset', fileName: file, source: readFileSync(`generated/${file}`) });
    },
  };
}

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
      // Firefox for Android knows data_collection_permissions from 142 on.
      gecko_android: { strict_min_version: '142.0' },
    },
  };
}

export default defineConfig(({ mode }) => {
  const firefox = mode === 'firefox';
  const manifest = defineManifest(() => (firefox ? firefoxManifest(baseManifest) : baseManifest) as never);
  return {
    define: { __FIREFOX__: JSON.stringify(firefox) },
    // Large data files become JSON.parse("...") calls, which engines parse faster than object literals.
    json: { stringify: true },
    plugins: [
      preact(),
      packagedData(),
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
