/**
 * Helpers for the privacy and robustness tests: the manifest policy both builds must meet.
 */

export type Target = 'chrome' | 'firefox';

/**
 * The only permissions Vigie may ask for, per target: Chrome's `scripting` injects the content script after load (no
 * install warning; host permissions already cover the pages); Firefox declares its content script instead, and adds
 * `dns` for CNAME evidence.
 */
export const REQUIRED_PERMISSIONS: Record<Target, readonly string[]> = {
  chrome: ['webRequest', 'storage', 'scripting'],
  firefox: ['webRequest', 'storage', 'dns'],
};

const WEB_PATTERNS = new Set(['http://*/*', 'https://*/*']);

/** Splits a CSP string into directive -> source list. */
export function parseCsp(csp: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** A source that lets an extension page load or reach something outside its own package. */
function isRemoteSource(source: string): boolean {
  const s = source.toLowerCase();
  return s === '*' || s.includes('://') || /^(https?|wss?|ftp|data|blob|filesystem):$/.test(s) || s.startsWith('*.') || /^[a-z0-9.-]+\.[a-z]{2,}/.test(s);
}

/**
 * Every way a manifest breaks Vigie's privacy promise: remote code or connections from extension pages, pages exposed
 * to websites, outside messaging, or a permission beyond the minimum. Empty when the manifest is clean.
 */
export function manifestProblems(manifest: Record<string, unknown>, target: Target): string[] {
  const problems: string[] = [];
  if (manifest.manifest_version !== 3) problems.push(`manifest_version is ${String(manifest.manifest_version)}, not 3`);

  const csp = (manifest.content_security_policy as { extension_pages?: unknown } | undefined)?.extension_pages;
  if (typeof csp !== 'string') {
    problems.push('no content_security_policy.extension_pages (the browser default allows connections anywhere)');
  } else {
    const directives = parseCsp(csp);
    const connect = directives.get('connect-src') ?? directives.get('default-src');
    if (!connect || connect.join(' ') !== "'self'") problems.push(`connect-src is "${connect?.join(' ') ?? '(absent)'}", not 'self' alone`);
    for (const name of ['script-src', 'default-src', 'object-src', 'worker-src']) {
      for (const source of directives.get(name) ?? []) {
        if (/^'unsafe-(eval|inline|hashes)'$/i.test(source)) problems.push(`${name} allows ${source}`);
        if (isRemoteSource(source)) problems.push(`${name} allows remote source ${source}`);
      }
    }
    if (!directives.has('script-src') && !directives.has('default-src')) problems.push('no script-src or default-src');
    if (csp.toLowerCase().includes('unsafe-eval')) problems.push("CSP mentions 'unsafe-eval'");
  }
  if ('sandbox' in ((manifest.content_security_policy as object | undefined) ?? {})) problems.push('a sandbox CSP is declared');

  if ('externally_connectable' in manifest) problems.push('externally_connectable lets web pages or other extensions message Vigie');
  const war = manifest.web_accessible_resources;
  if (war !== undefined && !(Array.isArray(war) && war.length === 0)) problems.push(`web_accessible_resources exposes files to websites: ${JSON.stringify(war)}`);
  if ('update_url' in manifest) problems.push('update_url makes the browser contact a remote update server');

  const permissions = Array.isArray(manifest.permissions) ? (manifest.permissions as string[]) : [];
  const required = REQUIRED_PERMISSIONS[target];
  const extra = permissions.filter((p) => !required.includes(p));
  const missing = required.filter((p) => !permissions.includes(p));
  if (extra.length) problems.push(`permissions beyond the minimum: ${extra.join(', ')}`);
  if (missing.length) problems.push(`permissions missing (the extension cannot work): ${missing.join(', ')}`);
  if (new Set(permissions).size !== permissions.length) problems.push('a permission is listed twice');
  for (const key of ['optional_permissions', 'optional_host_permissions']) {
    const list = manifest[key];
    if (Array.isArray(list) && list.length) problems.push(`${key}: ${list.join(', ')}`);
  }

  const hosts = Array.isArray(manifest.host_permissions) ? (manifest.host_permissions as string[]) : [];
  for (const pattern of hosts) if (!WEB_PATTERNS.has(pattern)) problems.push(`host permission beyond http/https pages: ${pattern}`);
  const scripts = Array.isArray(manifest.content_scripts) ? (manifest.content_scripts as { matches?: string[]; all_frames?: boolean; world?: string }[]) : [];
  for (const script of scripts) {
    for (const pattern of script.matches ?? []) if (!WEB_PATTERNS.has(pattern)) problems.push(`content script runs beyond http/https pages: ${pattern}`);
    if (script.world === 'MAIN') problems.push("a content script runs in the page's main world, where the page can reach it");
  }
  return problems;
}
