/**
 * Chromium's page reader, injected by the background at each load's end and when the page changes its URL without a
 * new document: it reads the page and ends with what it read, which `scripting.executeScript` hands back to the
 * background as the injection's result (the build makes the bundle's last statement evaluate to this value,
 * vite.config.ts). It registers nothing and never touches `chrome.runtime`: a page that needs no badge costs only
 * this read.
 */
import { readPage } from './read-page.ts';

export default readPage();
