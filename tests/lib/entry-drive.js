// entry-drive.js - used by tests/93-entry-page.t: headless Chromium (tests/lib/cdp.js) opens the
// results grid with a session cookie, retypes one figure, leaves the row (which saves it) and
// prints what the page showed as JSON; screenshot to argv[6].
// usage: node --experimental-websocket entry-drive.js CHROME PROFILE BASE COOKIE ROUND PNG
const { launch } = require('./cdp.js');
const [chrome, profile, base, cookie, round, png] = process.argv.slice(2);
const out = {};
launch({ chrome, profile, out }, async ({ send, ev, until, sleep, shoot }) => {
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
  await shoot(png);
});
