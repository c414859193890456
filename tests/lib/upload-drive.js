// upload-drive.js - used by tests/94-upload-page.t: headless Chromium over the DevTools protocol
// (no npm package) opens the results page with a session cookie, picks a results file in the
// "Importer le fichier du ministère" input, sends it, and prints what the page then showed
// (report, grid, round-2 list, transfer table) as JSON; full-page screenshot to argv[7].
// usage: node --experimental-websocket upload-drive.js CHROME PROFILE BASE COOKIE ROUND FILE PNG
const { spawn } = require('child_process');
const fs = require('fs');
const [chrome, profile, base, cookie, round, file, png] = process.argv.slice(2);
const proc = spawn(chrome, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--remote-debugging-port=0', '--window-size=1280,900',
  '--user-data-dir=' + profile, 'about:blank']);
let ws, seq = 0, session; const pending = new Map(); const out = {};
const send = (method, params = {}, sid = session) => new Promise((res, rej) => {
  const id = ++seq; pending.set(id, { res, rej });
  ws.send(JSON.stringify({ id, method, params, sessionId: sid })); });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ev = async (e) => { const r = await send('Runtime.evaluate', { expression: e, awaitPromise: true, returnByValue: true }); return r.result ? r.result.value : undefined; };
const until = async (e, ms = 15000) => { for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (await ev(e).catch(() => false)) return true; return false; };
const loaded = "/^\\d+ bureaux/.test(document.getElementById('message').textContent)";
async function run() {
  const t = await send('Target.createTarget', { url: 'about:blank' }, undefined);
  session = (await send('Target.attachToTarget', { targetId: t.targetId, flatten: true }, undefined)).sessionId;
  await send('Network.enable');
  await send('Network.setCookie', { name: 'coopmap_session', value: cookie, url: base });
  await send('Page.navigate', { url: base + '/static/entry.html' });
  await until("document.querySelectorAll('#round option').length > 0");
  // wait for the automatic first load (section of the secretary), then open the round asked
  await until(loaded);
  await ev("document.getElementById('round').value = '" + round + "'; document.getElementById('message').textContent = ''; document.getElementById('entry-form').requestSubmit(); true");
  out.rows = await until(loaded) && await ev("document.querySelectorAll('#grid-rows tr').length");
  out.upload_visible = await ev("!document.getElementById('upload-box').hidden");
  const doc = await send('DOM.getDocument');
  const node = await send('DOM.querySelector', { nodeId: doc.root.nodeId, selector: '#upload-file' });
  await send('DOM.setFileInputFiles', { nodeId: node.nodeId, files: [file] });
  await ev("document.getElementById('message').textContent = ''; document.getElementById('upload-form').requestSubmit(); true");
  out.report = await until("document.querySelector('#upload-report .ok, #upload-report .bad') !== null", 30000)
    && await ev("document.getElementById('upload-report').textContent");
  out.reloaded = await until(loaded);
  out.first = await ev("document.querySelector('#grid-rows tr input').value");
  out.r2 = await until("document.querySelectorAll('#r2-rows tr').length > 0") && await ev("document.querySelectorAll('#r2-rows tr').length");
  out.r2_print = await ev("document.getElementById('r2-print').getAttribute('href')");
  out.rates = await until("document.querySelectorAll('#tr-rows input').length === 7") && await ev("[...document.querySelectorAll('#tr-rows tr')].map(r => r.textContent.slice(0, 40) + '=' + r.querySelector('input').value).join('|')");
  out.rates_editable = await ev("!document.getElementById('tr-save').hidden");
  // one screenshot per tab: PNG, then PNG with -r2 and -tr before .png
  for (const [tab, suffix] of [['entry-tab', ''], ['r2-box', '-r2'], ['tr-box', '-tr']]) {
    await ev("document.querySelector('#tabs button[data-tab=\"" + tab + "\"]').click(); true");
    await sleep(200);
    const shot = await send('Page.captureScreenshot', { format: 'png' });
    fs.writeFileSync(png.replace(/\.png$/, suffix + '.png'), Buffer.from(shot.data, 'base64'));
  }
  console.log(JSON.stringify(out));
  proc.kill(); process.exit(0);
}
let buf = '';
proc.stderr.on('data', (d) => { buf += d; const m = buf.match(/ws:\/\/[^\s]+/); if (m && !ws) { ws = new WebSocket(m[0]); ws.onmessage = (e) => { const msg = JSON.parse(e.data); if (msg.id && pending.has(msg.id)) { const p = pending.get(msg.id); pending.delete(msg.id); msg.error ? p.rej(new Error(msg.error.message)) : p.res(msg.result); } }; ws.onopen = () => run().catch((e) => { console.log('ERR ' + e.message); proc.kill(); process.exit(1); }); } });
setTimeout(() => { console.log('TIMEOUT ' + JSON.stringify(out)); proc.kill(); process.exit(1); }, 90000);
