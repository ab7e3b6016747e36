import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx, defineManifest } from '@crxjs/vite-plugin';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build, type Plugin } from 'vite';
import baseManifest from './manifest.json' with { type: 'json' };
import { TLDTS_TRIE_MODULE, trieModuleAsBase64 } from './scripts/tldts-trie-base64.ts';

/**
 * Ships the compiled routing table, the worker's start-up file, the health model and the catalog (from `npm run data:build`) as plain
 * files the extension reads: data in a file costs the worker nothing at start, data in a script is compiled at every
 * start. The committed copies Node imports (catalog, locales) are left out of the build: each context reads the
 * packaged files instead (src/shared/packaged-data.ts; the locales are the package's own `_locales/`).
 */
function packagedData(): Plugin {
  const committedModules = /src\/(core\/committed-catalog|shared\/committed-locales)\.ts$/;
  return {
    name: 'vigie-packaged-data',
    enforce: 'pre',
    load(id) {
      return committedModules.test(id) ? 'export default null;' : null;
    },
    generateBundle() {
      for (const file of ['worker-start.bin', 'asn-table.bin', 'health-model.json', 'catalog.json']) this.emitFile({ type: 'asset', fileName: file, source: readFileSync(`generated/${file}`) });
    },
  };
}

/**
 * Imported JSON data (catalog, locales) as `JSON.parse` of one string: engines scan a string far faster than they
 * compile the same data as an object literal, which is what Vite 8's own JSON plugin emits whatever `json.stringify` says.
 */
function jsonAsParsedString(): Plugin {
  return {
    name: 'vigie-json-as-parsed-string',
    enforce: 'pre',
    load(id) {
      if (!/\.json$/.test(id) || id.includes('node_modules')) return null;
      const data: unknown = JSON.parse(readFileSync(id, 'utf8'));
      return { code: `export default JSON.parse(${JSON.stringify(JSON.stringify(data))});`, moduleType: 'js' };
    },
  };
}

/**
 * `tldts`'s suffix trie as base64 strings instead of array literals (scripts/tldts-trie-base64.ts): every context that
 * names a registrable domain evaluates it at start, the worker before its first verdict.
 */
function tldtsTrieAsBase64(): Plugin {
  return {
    name: 'vigie-tldts-trie-as-base64',
    enforce: 'pre',
    load(id) {
      return TLDTS_TRIE_MODULE.test(id) ? trieModuleAsBase64(id).then((code) => ({ code, moduleType: 'js' as const })) : null;
    },
  };
}

/** Moves the source maps out of the build into `dir` (produced for store review, kept out of the store zip). */
function sourceMapsBeside(dir: string): Plugin {
  return {
    name: 'vigie-source-maps-beside',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      rmSync(dir, { recursive: true, force: true });
      for (const [file, output] of Object.entries(bundle)) {
        if (!file.endsWith('.map') || output.type !== 'asset') continue;
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), output.source);
        delete bundle[file];
      }
    },
    // crxjs builds Firefox's declared content script on its own and writes its map straight into the build folder.
    closeBundle() {
      const outDir = this.environment?.config.build.outDir;
      if (outDir) moveMapsOut(outDir, dir);
    },
  };
}

/** Moves every `.map` file left under `from` to the same place under `to`. */
function moveMapsOut(from: string, to: string): void {
  for (const entry of readdirSync(from, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.map')) continue;
    const source = join(entry.parentPath, entry.name);
    const target = join(to, relative(from, source));
    mkdirSync(dirname(target), { recursive: true });
    renameSync(source, target);
  }
}

/**
 * Chromium's two injected scripts (src/platform/background.ts injects them; neither is a manifest content script nor
 * exposed to any website), each one self-contained IIFE:
 * - `page-read.js`, injected at each load's end: its last statement evaluates to what it read, which
 *   `scripting.executeScript` returns to the background (a `var` declaration's completion value is empty, hence the
 *   footer naming the IIFE's result, which is the default export itself);
 * - `page-badge.js`, injected only into documents that are to show a badge.
 */
const CHROMIUM_PAGE_SCRIPTS = [
  { entry: 'src/content/page-read.ts', fileName: 'page-read.js', name: '__vigiePageRead', footer: '__vigiePageRead;' },
  { entry: 'src/content/badge-script.ts', fileName: 'page-badge.js', name: '__vigieBadgeScript', footer: '' },
];

function chromiumPageScripts(): Plugin {
  return {
    name: 'vigie-chromium-page-scripts',
    apply: 'build',
    async generateBundle() {
      for (const script of CHROMIUM_PAGE_SCRIPTS) {
        const out = await build({
          configFile: false,
          logLevel: 'warn',
          define: { __FIREFOX__: 'false' },
          build: {
            write: false,
            target: 'es2022',
            minify: true,
            lib: { entry: script.entry, formats: ['iife'], name: script.name, fileName: () => script.fileName },
          },
        });
        const [first] = Array.isArray(out) ? out : [out];
        const chunk = (first as { output: { type: string; code?: string }[] }).output.find((o) => o.type === 'chunk');
        if (!chunk?.code) throw new Error(`${script.fileName}: no output`);
        this.emitFile({ type: 'asset', fileName: script.fileName, source: script.footer ? `${chunk.code}\n${script.footer}\n` : chunk.code });
      }
    },
  };
}

/**
 * The Firefox patch on the base manifest: event-page background, gecko id, no data collected, and a declared content
 * script. With an after-load injection as Chromium's, a page in the Firefox churn test once never got its content script
 * when the event page was being suspended around its load (997d5d8); the page-load cost that injection avoids was
 * measured in Chromium only.
 */
function firefoxManifest(base: typeof baseManifest) {
  const { background, ...rest } = base;
  return {
    ...rest,
    permissions: [...base.permissions.filter((p) => p !== 'scripting'), 'dns'],
    content_scripts: [{ matches: ['http://*/*', 'https://*/*'], js: ['src/content/index.ts'], run_at: 'document_idle' }],
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
    plugins: [
      jsonAsParsedString(),
      tldtsTrieAsBase64(),
      preact(),
      packagedData(),
      sourceMapsBeside(firefox ? 'dist-firefox-maps' : 'dist-maps'),
      ...(firefox ? [] : [chromiumPageScripts()]),
      crx({
        manifest,
        browser: firefox ? 'firefox' : 'chrome',
        // Firefox's declared content script as one self-contained file: crxjs's loader would expose files to every site.
        contentScripts: { standaloneFiles: ['src/content/index.ts'] },
      }),
    ],
    build: {
      outDir: firefox ? 'dist-firefox' : 'dist',
      emptyOutDir: true,
      target: 'es2022',
      // Minified for a faster cold start (issue 15); the source maps, for store review, go beside the build, not in it.
      minify: true,
      sourcemap: 'hidden',
      modulePreload: false,
      // The first-run page is opened by the background (src/background/first-run.ts), not named in the manifest.
      rollupOptions: {
        input: { welcome: 'src/welcome/index.html' },
        // Rolldown's constant inlining copied tldts's 68 kB suffix-label string into each function that reads it: 275 kB
        // -> 140 kB for that chunk, compiled at every worker start (BENCHMARKS.md, cold start third pass).
        optimization: { inlineConst: false },
        // The background's packaged read in a chunk of its own, imported first (src/background/packaged-reads.ts), whose
        // only import is a chunk that imports nothing: both run before the shared chunks. The pages import that second
        // chunk (reading a file, the language), never the first, whose top-level code starts the worker's read.
        output: {
          codeSplitting: {
            groups: [
              // Captured first: the reads' group would otherwise take these in as its dependencies.
              { name: 'packaged-file', test: /src\/(platform\/(packaged-file|extension-api)|shared\/lang)\.ts$/, priority: 2 },
              { name: 'packaged-reads', test: /src\/(background\/(packaged-reads|startup)|shared\/worker-start)\.ts$/, priority: 1 },
            ],
          },
        },
      },
    },
    server: { cors: false },
  };
});
