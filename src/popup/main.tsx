import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { TabReport } from '../core/types.ts';
import { browser } from '../platform/browser.ts';

function Popup() {
  const [report, setReport] = useState<TabReport | null | undefined>(undefined);
  useEffect(() => {
    void (async () => {
      const param = new URLSearchParams(location.search).get('tabId');
      const tabId = param ? Number(param) : (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
      setReport(tabId === undefined ? null : ((await browser.runtime.sendMessage({ type: 'get-report', tabId })) as TabReport | null));
    })();
  }, []);
  if (report === undefined) return <p>…</p>;
  if (!report) return <p id="verdict">—</p>;
  return (
    <main>
      <h1 id="host">{report.host}</h1>
      <p id="verdict">{report.main?.provider?.name ?? report.main?.asName ?? ''}</p>
    </main>
  );
}

render(<Popup />, document.getElementById('app')!);
