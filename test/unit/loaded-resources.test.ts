/** The page's own list of loaded sub-resources, reduced to hosts and types before it leaves the page. */
import { describe, expect, it } from 'vitest';
import { loadedResourcesOf, MAX_LOADED_RESOURCES } from '../../src/core/loaded-resources.ts';

describe('loadedResourcesOf', () => {
  it('keeps the host and a webRequest-like type of web resources only, never the URL', () => {
    const out = loadedResourcesOf([
      { name: 'https://Mesure.Example.net/pixel.gif?user=42', initiatorType: 'img' },
      { name: 'http://mesure.example.net:8080/beacon', initiatorType: 'beacon' },
      { name: 'https://cdn.example.org/app.js', initiatorType: 'script' },
      { name: 'https://cdn.example.org/site.css', initiatorType: 'link' },
      { name: 'data:image/png;base64,AAAA', initiatorType: 'img' },
      { name: 'blob:https://a.example/1', initiatorType: 'fetch' },
      { name: 'not a url', initiatorType: 'other' },
      { name: 'https://api.example.com/x', initiatorType: 'something-new' },
    ]);
    expect(out).toEqual([
      { host: 'mesure.example.net', type: 'image' },
      { host: 'mesure.example.net', type: 'beacon' },
      { host: 'cdn.example.org', type: 'script' },
      { host: 'cdn.example.org', type: 'stylesheet' },
      { host: 'api.example.com', type: 'other' },
    ]);
  });

  it('bounds what a page with thousands of resources sends', () => {
    const many = Array.from({ length: 5_000 }, (_, i) => ({ name: `https://h${i}.example.net/`, initiatorType: 'img' }));
    expect(loadedResourcesOf(many)).toHaveLength(MAX_LOADED_RESOURCES);
  });
});
