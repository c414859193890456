// cdp.js - shared by the browser tests' drivers (entry, upload, near, events): starts
// headless Chromium with the DevTools protocol over a WebSocket (no npm package), opens a page
// with a session cookie, and gives send / ev / until; run(c) prints its JSON through c.done.
const { spawn } = require('child_process');
const fs = require('fs');

function start(chrome, profile, size, run, ms) {
  const proc = spawn(chrome, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--remote-debugging-port=0', '--window-size=' + size,
    '--user-data-dir=' + profile, 'about:blank']);
  const pending = new Map();
  const c = { out: {}, session: undefined };
  let ws, seq = 0, buf = '';
  c.send = (method, params = {}, sid = c.session) => new Promise((res, rej) => {
    const id = ++seq; pending.set(id, { res, rej });
    ws.send(JSON.stringify({ id, method, params, sessionId: sid })); });
  c.sleep = (t) => new Promise((r) => setTimeout(r, t));
  c.ev = async (e) => { const r = await c.send('Runtime.evaluate', { expression: e, awaitPromise: true, returnByValue: true }); return r.result ? r.result.value : undefined; };
  c.until = async (e, t = 8000) => { for (const end = Date.now() + t; Date.now() < end; await c.sleep(100)) if (await c.ev(e).catch(() => false)) return true; return false; };
  // a tab with the session cookie, navigated to base + path
  c.open = async (base, cookie, path) => {
    const t = await c.send('Target.createTarget', { url: 'about:blank' }, undefined);
    c.session = (await c.send('Target.attachToTarget', { targetId: t.targetId, flatten: true }, undefined)).sessionId;
    await c.send('Network.enable');
    await c.send('Network.setCookie', { name: 'coopmap_session', value: cookie, url: base });
    await c.send('Page.navigate', { url: base + path });
  };
  c.done = () => { console.log(JSON.stringify(c.out)); proc.kill(); process.exit(0); };
  const fail = (what) => { console.log(what + ' ' + JSON.stringify(c.out)); proc.kill(); process.exit(1); };
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
    ws.onopen = () => run(c).catch((e) => fail('ERR ' + e.message));
  });
  setTimeout(() => fail('TIMEOUT'), ms);
}

// drive(): start() for drivers that set their own cookies: run(page, out) gets an attached tab
// with send / sleep / ev / until / shot(file); its result prints when it returns.
function drive(chrome, profile, size, run, ms = 50000) {
  start(chrome, profile, size, async (c) => {
    const t = await c.send('Target.createTarget', { url: 'about:blank' }, undefined);
    c.session = (await c.send('Target.attachToTarget', { targetId: t.targetId, flatten: true }, undefined)).sessionId;
    await c.send('Network.enable');
    await c.send('Page.enable');
    c.shot = async (file) => fs.writeFileSync(file, Buffer.from((await c.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true })).data, 'base64'));
    await run(c, c.out);
    c.done();
  }, ms);
}

module.exports = { start, drive };
