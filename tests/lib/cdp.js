// cdp.js - headless Chromium over the DevTools protocol for the browser tests (no npm package;
// node's own WebSocket, run with --experimental-websocket). launch() starts the browser, opens
// one page and calls body(page); it prints JSON.stringify(out) and exits 0 when body ends,
// "ERR message {out}" or "TIMEOUT {out}" and exits 1 otherwise.
const { spawn } = require('child_process');
const fs = require('fs');

function launch({ chrome, profile, size = '1280,800', limitMs = 40000, out }, body) {
  const proc = spawn(chrome, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--remote-debugging-port=0', '--window-size=' + size,
    '--user-data-dir=' + profile, 'about:blank']);
  let ws, seq = 0, session;
  const pending = new Map();
  const finish = (line, code) => { console.log(line); proc.kill(); process.exit(code); };
  const raw = (method, params, sessionId) => new Promise((res, rej) => {
    const id = ++seq; pending.set(id, { res, rej });
    ws.send(JSON.stringify(sessionId ? { id, method, params, sessionId } : { id, method, params })); });
  const page = {
    send: (method, params = {}) => raw(method, params, session), // the page's session
    browser: (method, params = {}) => raw(method, params, null), // browser-wide commands
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    async ev(e) { const r = await page.send('Runtime.evaluate', { expression: e, awaitPromise: true, returnByValue: true }); return r.result ? r.result.value : undefined; },
    // poll expression e until it is truthy (true) or ms pass (false): a visible end state, not a sleep
    async until(e, ms = 8000) { for (const end = Date.now() + ms; Date.now() < end; await page.sleep(100)) if (await page.ev(e).catch(() => false)) return true; return false; },
    async shoot(png) { const s = await page.send('Page.captureScreenshot', { format: 'png' }); fs.writeFileSync(png, Buffer.from(s.data, 'base64')); },
  };
  async function run() {
    const t = await page.browser('Target.createTarget', { url: 'about:blank' });
    session = (await page.browser('Target.attachToTarget', { targetId: t.targetId, flatten: true })).sessionId;
    await body(page);
    finish(JSON.stringify(out), 0);
  }
  let buf = '';
  proc.stderr.on('data', (d) => {
    buf += d;
    const m = buf.match(/ws:\/\/[^\s]+/);
    if (!m || ws) return;
    ws = new WebSocket(m[0]);
    ws.onmessage = (e) => {
      const msg = JSON.parse(e.data);
      if (!msg.id || !pending.has(msg.id)) return;
      const p = pending.get(msg.id); pending.delete(msg.id);
      if (msg.error) p.rej(new Error(msg.error.message)); else p.res(msg.result);
    };
    ws.onopen = () => run().catch((e) => finish('ERR ' + e.message + ' ' + JSON.stringify(out), 1));
  });
  setTimeout(() => finish('TIMEOUT ' + JSON.stringify(out), 1), limitMs);
}

module.exports = { launch };
