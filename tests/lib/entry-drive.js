// entry-drive.js - used by tests/93-entry-page.t: headless Chromium over the DevTools protocol
// (no npm package) opens the results grid with a session cookie, retypes one figure, leaves the
// row (which saves it) and prints what the page showed as JSON; screenshot to argv[6].
// usage: node --experimental-websocket entry-drive.js CHROME PROFILE BASE COOKIE ROUND PNG
const { spawn } = require('child_process');
const fs = require('fs');
const [chrome, profile, base, cookie, round, png] = process.argv.slice(2);
const proc = spawn(chrome, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--remote-debugging-port=0', '--window-size=1280,800',
  '--user-data-dir=' + profile, 'about:blank']);
let ws, seq = 0, session; const pending = new Map(); const out = {};
const send = (method, params = {}, sid = session) => new Promise((res, rej) => {
  const id = ++seq; pending.set(id, { res, rej });
  ws.send(JSON.stringify({ id, method, params, sessionId: sid })); });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ev = async (e) => { const r = await send('Runtime.evaluate', { expression: e, awaitPromise: true, returnByValue: true }); return r.result ? r.result.value : undefined; };
const until = async (e, ms = 8000) => { for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (await ev(e).catch(() => false)) return true; return false; };
async function run() {
  const t = await send('Target.createTarget', { url: 'about:blank' }, undefined);
  session = (await send('Target.attachToTarget', { targetId: t.targetId, flatten: true }, undefined)).sessionId;
  await send('Network.enable');
  await send('Network.setCookie', { name: 'coopmap_session', value: cookie, url: base });
  await send('Page.navigate', { url: base + '/static/entry.html' });
  out.rounds = await until("document.querySelectorAll('#round option').length > 0") && await ev("[...document.querySelectorAll('#round option')].map(o => o.value).join(',')");
  await ev("document.getElementById('round').value = '" + round + "'; document.getElementById('section').value = 'S1'; document.getElementById('entry-form').requestSubmit(); true");
  out.rows = await until("/^\\d+ bureaux/.test(document.getElementById('message').textContent)") && await ev("document.querySelectorAll('#grid-rows tr').length");
  out.head = await ev("[...document.querySelectorAll('#grid-head th')].map(t => t.textContent).slice(0, 8).join('|')");
  // change the blancs of the first bureau by retyping it, then leave the row
  out.first = await ev("(() => { const i = document.querySelector('#grid-rows tr input'); i.focus(); return i.value; })()");
  await ev("(() => { const r = document.querySelector('#grid-rows tr'); const ins = r.querySelectorAll('input'); ins[0].value = String(Number(ins[0].value) + 0); ins[0].dispatchEvent(new Event('input', {bubbles:true})); document.querySelectorAll('#grid-rows tr')[1].querySelector('input').focus(); return true; })()");
  await sleep(1500);
  out.message = await ev("document.getElementById('message').textContent");
  const shot = await send('Page.captureScreenshot', { format: 'png' });
  fs.writeFileSync(png, Buffer.from(shot.data, 'base64'));
  console.log(JSON.stringify(out));
  proc.kill(); process.exit(0);
}
let buf = '';
proc.stderr.on('data', (d) => { buf += d; const m = buf.match(/ws:\/\/[^\s]+/); if (m && !ws) { ws = new WebSocket(m[0]); ws.onmessage = (e) => { const msg = JSON.parse(e.data); if (msg.id && pending.has(msg.id)) { const p = pending.get(msg.id); pending.delete(msg.id); msg.error ? p.rej(new Error(msg.error.message)) : p.res(msg.result); } }; ws.onopen = () => run().catch((e) => { console.log('ERR ' + e.message); proc.kill(); process.exit(1); }); } });
setTimeout(() => { console.log('TIMEOUT ' + JSON.stringify(out)); proc.kill(); process.exit(1); }, 40000);
