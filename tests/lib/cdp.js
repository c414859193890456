// cdp.js - a minimal DevTools-protocol client for the browser tests (no npm package): starts
// headless Chromium, attaches to one page and hands run() helpers to drive it; run's result
// is printed as JSON. A failure or a timeout prints what was gathered so far and exits 1.
// usage: require('./cdp.js').drive(chrome, profile, '1100,1000', async (page, out) => {...})
const { spawn } = require('child_process');
const fs = require('fs');

function drive(chrome, profile, size, run, timeoutMs = 50000) {
  const proc = spawn(chrome, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--remote-debugging-port=0', '--window-size=' + size,
    '--user-data-dir=' + profile, 'about:blank']);
  const pending = new Map(), out = {};
  let ws, seq = 0, session;
  const finish = (text, code) => { console.log(text); proc.kill(); process.exit(code); };
  const send = (method, params = {}, sid = session) => new Promise((res, rej) => {
    const id = ++seq; pending.set(id, { res, rej });
    ws.send(JSON.stringify({ id, method, params, sessionId: sid })); });
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const ev = async (e) => { const r = await send('Runtime.evaluate', { expression: e, awaitPromise: true, returnByValue: true }); return r.result ? r.result.value : undefined; };
  const until = async (e, ms = 10000) => { for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (await ev(e).catch(() => false)) return true; return false; };
  const shot = async (file) => fs.writeFileSync(file, Buffer.from((await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true })).data, 'base64'));
  const page = { send, sleep, ev, until, shot };
  const start = async () => {
    const t = await send('Target.createTarget', { url: 'about:blank' }, undefined);
    session = (await send('Target.attachToTarget', { targetId: t.targetId, flatten: true }, undefined)).sessionId;
    await send('Network.enable');
    await send('Page.enable');
    await run(page, out);
    finish(JSON.stringify(out), 0);
  };
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
    ws.onopen = () => start().catch((e) => finish('ERR ' + e.message + ' ' + JSON.stringify(out), 1));
  });
  setTimeout(() => finish('TIMEOUT ' + JSON.stringify(out), 1), timeoutMs);
}

module.exports = { drive };
