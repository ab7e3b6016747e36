/** The worker thread of page-reader.ts: reads the signals of one page at a time; the parent kills it if it overruns. */
import { parentPort } from 'node:worker_threads';
import { signalsFromInput } from './html-signals.ts';

const port = parentPort;
if (port) {
  port.on('message', (request: { bytes: Uint8Array; url: string }) => port.postMessage(signalsFromInput(request.bytes, request.url)));
  port.postMessage('ready');
}
