// upload-drive.js - used by tests/94-upload-page.t: headless Chromium (tests/lib/cdp.js)
// opens the results page with a session cookie, picks a results file in the
// "Importer le fichier du ministère" input, sends it, and prints what the page then showed
// (report, grid, round-2 list, transfer table) as JSON; full-page screenshot to argv[7].
// usage: node --experimental-websocket upload-drive.js CHROME PROFILE BASE COOKIE ROUND FILE PNG
const fs = require('fs');
const { start } = require('./cdp.js');
const [chrome, profile, base, cookie, round, file, png] = process.argv.slice(2);
const loaded = "/^\\d+ bureaux/.test(document.getElementById('message').textContent)";
start(chrome, profile, '1280,900', async (c) => {
  const { out, ev, send, sleep } = c;
  const until = (e, t = 15000) => c.until(e, t);
  await c.open(base, cookie, '/static/entry.html');
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
  c.done();
}, 90000);
