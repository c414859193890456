// events-drive.js - used by tests/95-events-page.t: headless Chromium over the DevTools protocol
// (no npm package). "join": opens one action's page with a member's session, reads the count
// and the bar, clicks "Je participe", waits for the new count, then opens the section's list;
// prints what the pages showed as JSON, screenshots to PNG-event.png and PNG-list.png.
// "shot": opens URL, waits for body[data-ready] (or a message), screenshots to PNG.
// usage: node --experimental-websocket events-drive.js CHROME PROFILE BASE COOKIE join ID PNG
//        node --experimental-websocket events-drive.js CHROME PROFILE BASE COOKIE shot PATH PNG
const { spawn } = require('child_process');
const fs = require('fs');
const [chrome, profile, base, cookie, mode, arg, png] = process.argv.slice(2);
const proc = spawn(chrome, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--remote-debugging-port=0', '--window-size=1100,1000',
  '--user-data-dir=' + profile, 'about:blank']);
let ws, seq = 0, session; const pending = new Map(); const out = {};
const send = (method, params = {}, sid = session) => new Promise((res, rej) => {
  const id = ++seq; pending.set(id, { res, rej });
  ws.send(JSON.stringify({ id, method, params, sessionId: sid })); });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ev = async (e) => { const r = await send('Runtime.evaluate', { expression: e, awaitPromise: true, returnByValue: true }); return r.result ? r.result.value : undefined; };
const until = async (e, ms = 10000) => { for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (await ev(e).catch(() => false)) return true; return false; };
const text = (id) => ev(`document.getElementById('${id}').textContent`);
async function shot(file) {
  const s = await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true });
  fs.writeFileSync(file, Buffer.from(s.data, 'base64'));
}
async function open(path, ready) {
  await send('Page.navigate', { url: base + path });
  return until(`document.body && document.body.dataset.ready === '${ready}'`);
}
async function join() {
  out.ready = await open('/static/events.html?id=' + arg, 'event');
  out.before = await text('ev-count');
  out.button = await text('join-button');
  out.fill_before = await ev("document.getElementById('ev-fill').style.width");
  await ev("document.getElementById('join-button').click(); true");
  // the end state: the count is no longer the one read before, and the page says so
  out.changed = await until(`document.getElementById('ev-count').textContent !== ${JSON.stringify(out.before)} && /participez/.test(document.getElementById('message').textContent)`);
  out.after = await text('ev-count');
  out.button_after = await text('join-button');
  out.fill_after = await ev("document.getElementById('ev-fill').style.width");
  out.names = await text('ev-names');
  out.marks = await ev("[...document.querySelectorAll('#ev-bar .mark')].map(m => m.dataset.label + '@' + m.style.left).join('|')");
  out.organiser_hidden = await ev("document.getElementById('organiser').hidden");
  await shot(png + '-event.png');
  out.list_ready = await open('/static/events.html', 'list');
  out.items = await ev("document.querySelectorAll('#event-list li').length");
  out.joined_tags = await ev("[...document.querySelectorAll('#event-list li')].filter(li => /inscrit·e$/.test([...li.querySelectorAll('.tag')].map(t => t.textContent).join(' '))).length");
  out.nav = await ev("[...document.querySelectorAll('#nav a')].map(a => a.textContent).join('|')");
  await shot(png + '-list.png');
}
async function run() {
  const t = await send('Target.createTarget', { url: 'about:blank' }, undefined);
  session = (await send('Target.attachToTarget', { targetId: t.targetId, flatten: true }, undefined)).sessionId;
  await send('Network.enable');
  await send('Page.enable');
  await send('Network.setCookie', { name: 'coopmap_session', value: cookie, url: base });
  if (mode === 'join') await join();
  else {
    await send('Page.navigate', { url: base + arg });
    out.ready = await until("document.body && (document.body.dataset.ready || document.getElementById('form-view') && !document.getElementById('form-view').hidden && document.querySelectorAll('#f-targets label').length > 0)");
    await sleep(800); // tiles of the small map
    out.message = await text('message');
    await shot(png);
  }
  console.log(JSON.stringify(out));
  proc.kill(); process.exit(0);
}
let buf = '';
proc.stderr.on('data', (d) => { buf += d; const m = buf.match(/ws:\/\/[^\s]+/); if (m && !ws) { ws = new WebSocket(m[0]); ws.onmessage = (e) => { const msg = JSON.parse(e.data); if (msg.id && pending.has(msg.id)) { const p = pending.get(msg.id); pending.delete(msg.id); msg.error ? p.rej(new Error(msg.error.message)) : p.res(msg.result); } }; ws.onopen = () => run().catch((e) => { console.log('ERR ' + e.message + ' ' + JSON.stringify(out)); proc.kill(); process.exit(1); }); } });
setTimeout(() => { console.log('TIMEOUT ' + JSON.stringify(out)); proc.kill(); process.exit(1); }, 50000);
