// near-drive.js - used by tests/97-near-page.t: headless Chromium (tests/lib/cdp.js) opens the
// "near me" page with a session cookie, gives a position (a commune typed in, or an injected
// geolocation), reads the list, joins the first action it can in one click, then opens the main
// map and reads the "Actions" overlay. Prints what the pages showed as JSON; screenshots to
// PNG_NEAR and PNG_MAP.
// usage: node --experimental-websocket near-drive.js CHROME PROFILE BASE COOKIE WHERE PNG_NEAR PNG_MAP PINS
//   WHERE: commune:TEXT or geo:LON,LAT; PINS: the number of markers the overlay should end with
const fs = require('fs');
const { start } = require('./cdp.js');
const [chrome, profile, base, cookie, where, pngNear, pngMap, pins] = process.argv.slice(2);
const msg = "document.getElementById('message').textContent";

async function position(p) {
  const i = where.indexOf(':');
  const kind = where.slice(0, i), arg = where.slice(i + 1);
  if (kind === 'geo') {
    const [lon, lat] = arg.split(',').map(Number);
    await p.send('Browser.grantPermissions', { origin: base, permissions: ['geolocation'] });
    await p.send('Emulation.setGeolocationOverride', { latitude: lat, longitude: lon, accuracy: 10 });
    await p.ev("document.getElementById('locate').click(); true");
  } else {
    await p.ev("document.getElementById('commune').value = " + JSON.stringify(arg) + "; document.getElementById('commune-form').requestSubmit(); true");
  }
}

async function shoot(p, png) {
  const s = await p.send('Page.captureScreenshot', { format: 'png' });
  fs.writeFileSync(png, Buffer.from(s.data, 'base64'));
}

async function nearPage(p, out) {
  await p.open(base, cookie, '/static/near.html');
  // the page's own first load ends on this message: only then give the position
  out.ready = await p.until(msg + ".startsWith('Indiquez')");
  out.nav = await p.until("document.querySelector('#nav a[href$=\"near.html\"]') !== null");
  await position(p);
  out.listed = await p.until("/ à moins de \\d+ km/.test(" + msg + ")");
  out.message = await p.ev(msg);
  out.where = await p.ev("document.getElementById('where').textContent");
  out.cards = await p.ev("[...document.querySelectorAll('#results li.card')].map(li => ({ id: Number(li.dataset.id), title: li.querySelector('.title').textContent, dist: li.querySelector('.dist').textContent, when: li.querySelector('.when').textContent, count: li.querySelector('.count').textContent }))");
  out.pins = await p.ev("document.querySelectorAll('#near-map .ev-pin').length");
  await p.ev("document.querySelector('#results li.card button.join').click(); true");
  out.joined = await p.until(msg + ".startsWith('C’est noté')") && await p.ev("(() => { const li = document.querySelector('#results li.card'); return li.querySelector('.count').textContent + '|' + li.querySelector('button').textContent; })()");
  await shoot(p, pngNear);
}

async function mainMap(p, out) {
  await p.send('Page.navigate', { url: base + '/' });
  out.overlay = await p.until("document.querySelectorAll('path.ev-mark').length === " + Number(pins), 15000) && await p.ev("document.querySelectorAll('path.ev-mark').length");
  out.control = await p.ev("[...document.querySelectorAll('.leaflet-control-layers-overlays label')].map(l => l.textContent.trim()).join('|')");
  await p.ev("document.querySelector('path.ev-mark').dispatchEvent(new MouseEvent('click', { bubbles: true })); true");
  out.popup = await p.until("document.querySelector('.ev-popup') !== null && getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'") && await p.ev("document.querySelector('.ev-popup').textContent");
  await shoot(p, pngMap);
}

start(chrome, profile, '1280,900', async (c) => {
  await nearPage(c, c.out);
  await mainMap(c, c.out);
  c.done();
}, 50000);
