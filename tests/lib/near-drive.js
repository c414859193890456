// near-drive.js - used by tests/97-near-page.t: headless Chromium over the DevTools protocol
// (no npm package) opens the "near me" page with a session cookie, gives a position (a commune
// typed in, or an injected geolocation), reads the list, joins the first action in one click,
// then opens the main map and reads the "Actions" overlay. Prints what the pages showed as
// JSON; screenshots to PNG_NEAR and PNG_MAP.
// usage: node --experimental-websocket near-drive.js CHROME PROFILE BASE COOKIE WHERE PNG_NEAR PNG_MAP PINS
//   PINS: the number of markers the main map's overlay should end with
//   WHERE: commune:TEXT or geo:LON,LAT
const { spawn } = require('child_process');
const fs = require('fs');
const [chrome, profile, base, cookie, where, pngNear, pngMap, pins] = process.argv.slice(2);
const proc = spawn(chrome, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--remote-debugging-port=0', '--window-size=1280,900',
  '--user-data-dir=' + profile, 'about:blank']);
let ws, seq = 0, session; const pending = new Map(); const out = {};
const send = (method, params = {}, sid = session) => new Promise((res, rej) => {
  const id = ++seq; pending.set(id, { res, rej });
  ws.send(JSON.stringify({ id, method, params, sessionId: sid })); });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ev = async (e) => { const r = await send('Runtime.evaluate', { expression: e, awaitPromise: true, returnByValue: true }); return r.result ? r.result.value : undefined; };
const until = async (e, ms = 10000) => { for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (await ev(e).catch(() => false)) return true; return false; };
const shoot = async (png) => { const s = await send('Page.captureScreenshot', { format: 'png' }); fs.writeFileSync(png, Buffer.from(s.data, 'base64')); };
const msg = "document.getElementById('message').textContent";
async function position() {
  const [kind, arg] = [where.slice(0, where.indexOf(':')), where.slice(where.indexOf(':') + 1)];
  if (kind === 'geo') {
    const [lon, lat] = arg.split(',').map(Number);
    await send('Browser.grantPermissions', { origin: base, permissions: ['geolocation'] }, undefined);
    await send('Emulation.setGeolocationOverride', { latitude: lat, longitude: lon, accuracy: 10 });
    await ev("document.getElementById('locate').click(); true");
  } else {
    await ev("document.getElementById('commune').value = " + JSON.stringify(arg) + "; document.getElementById('commune-form').requestSubmit(); true");
  }
}
async function run() {
  const t = await send('Target.createTarget', { url: 'about:blank' }, undefined);
  session = (await send('Target.attachToTarget', { targetId: t.targetId, flatten: true }, undefined)).sessionId;
  await send('Network.enable');
  await send('Network.setCookie', { name: 'coopmap_session', value: cookie, url: base });
  await send('Page.navigate', { url: base + '/static/near.html' });
  // the page's own first load ends on this message: only then give the position
  out.ready = await until(msg + ".startsWith('Indiquez')");
  out.nav = await until("document.querySelector('#nav a[href$=\"near.html\"]') !== null");
  await position();
  out.listed = await until("/ à moins de \\d+ km/.test(" + msg + ")");
  out.message = await ev(msg);
  out.where = await ev("document.getElementById('where').textContent");
  out.cards = await ev("[...document.querySelectorAll('#results li.card')].map(li => ({ id: Number(li.dataset.id), title: li.querySelector('.title').textContent, dist: li.querySelector('.dist').textContent, when: li.querySelector('.when').textContent, count: li.querySelector('.count').textContent }))");
  out.pins = await ev("document.querySelectorAll('#near-map .ev-pin').length");
  await ev("document.querySelector('#results li.card button.join').click(); true");
  out.joined = await until(msg + ".startsWith('C’est noté')") && await ev("(() => { const li = document.querySelector('#results li.card'); return li.querySelector('.count').textContent + '|' + li.querySelector('button').textContent; })()");
  await shoot(pngNear);
  await send('Page.navigate', { url: base + '/' });
  out.overlay = await until("document.querySelectorAll('path.ev-mark').length === " + Number(pins), 15000) && await ev("document.querySelectorAll('path.ev-mark').length");
  out.control = await ev("[...document.querySelectorAll('.leaflet-control-layers-overlays label')].map(l => l.textContent.trim()).join('|')");
  await ev("(() => { const p = document.querySelector('path.ev-mark'); p.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 0, clientY: 0 })); return true; })()");
  out.popup = await until("document.querySelector('.ev-popup') !== null && getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'") && await ev("document.querySelector('.ev-popup').textContent");
  await shoot(pngMap);
  console.log(JSON.stringify(out));
  proc.kill(); process.exit(0);
}
let buf = '';
proc.stderr.on('data', (d) => { buf += d; const m = buf.match(/ws:\/\/[^\s]+/); if (m && !ws) { ws = new WebSocket(m[0]); ws.onmessage = (e) => { const msg = JSON.parse(e.data); if (msg.id && pending.has(msg.id)) { const p = pending.get(msg.id); pending.delete(msg.id); msg.error ? p.rej(new Error(msg.error.message)) : p.res(msg.result); } }; ws.onopen = () => run().catch((e) => { console.log('ERR ' + e.message + ' ' + JSON.stringify(out)); proc.kill(); process.exit(1); }); } });
setTimeout(() => { console.log('TIMEOUT ' + JSON.stringify(out)); proc.kill(); process.exit(1); }, 50000);
