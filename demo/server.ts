/**
 * The local web server behind the demo sites: one port on 127.0.0.1, sites chosen by the Host header. It logs
 * every request it receives, so tests can prove that the extension itself never sends any.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { DEMO_SITES } from './sites.ts';

const here = dirname(fileURLToPath(import.meta.url));

export interface LoggedRequest {
  method: string;
  host: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface DemoServer {
  port: number;
  /** Origin of a demo host, e.g. http://clinique-demo.test:41234 */
  origin(host: string): string;
  log: LoggedRequest[];
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'max-age=600', ...headers });
  res.end(body);
}

const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Starts the demo server on 127.0.0.1 (port 0: any free port). */
export async function startDemoServer(port = 0): Promise<DemoServer> {
  const log: LoggedRequest[] = [];
  let actualPort = 0;
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    log.push({ method: req.method ?? 'GET', host, path, headers: req.headers });
    const site = DEMO_SITES.find((s) => s.host === host);
    if (!site) return send(res, 404, 'text/plain', 'unknown demo host');
    const extra = site.headers ?? {};
    if (req.method === 'POST' || path === '/beacon' || path === '/collect') {
      req.resume();
      return send(res, 204, 'text/plain', '', { 'cache-control': 'no-store', ...extra });
    }
    if (path === '/pixel.gif') return send(res, 200, 'image/gif', PIXEL, { 'cache-control': 'no-store', ...extra });
    if (path === '/style.css') return send(res, 200, 'text/css', readFileSync(join(here, 'style.css')), extra);
    if (path === '/app.js') return send(res, 200, 'text/javascript', readFileSync(join(here, 'app.js')), extra);
    if (host === 'clinique-demo.test' && path === '/rdv') {
      res.writeHead(302, { location: `http://rdv-demo.test:${actualPort}/`, 'cache-control': 'no-store' });
      return void res.end();
    }
    // A link that starts no new document: a download, or an answer with no content. The tab keeps its page.
    if (path === '/download') return send(res, 200, 'application/pdf', '%PDF-1.4\n', { 'content-disposition': 'attachment; filename="ordonnance.pdf"', 'cache-control': 'no-store', ...extra });
    if (path === '/archive') return send(res, 200, 'application/zip', 'PK\u0003\u0004', { 'cache-control': 'no-store', ...extra });
    if (path === '/no-content') return send(res, 204, 'text/plain', '', { 'cache-control': 'no-store', ...extra });
    const pathExtra = site.pathHeaders?.[path];
    if (path === '/' || path === '/index.html' || pathExtra) {
      const file = join(here, 'sites', host, 'index.html');
      if (existsSync(file)) return send(res, 200, 'text/html; charset=utf-8', readFileSync(file, 'utf8').replaceAll('{{PORT}}', String(actualPort)), { ...extra, ...pathExtra });
    }
    return send(res, 404, 'text/plain', 'not found', { 'cache-control': 'no-store' });
  };
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  actualPort = (server.address() as AddressInfo).port;
  return {
    port: actualPort,
    origin: (host) => `http://${host}:${actualPort}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
