// events-drive.js - used by tests/95-events-page.t (headless Chromium through cdp.js).
// "join": opens one action's page with a member's session, reads the count and the bar,
// clicks "Je participe", waits for the new count, then opens the section's list; prints what
// the pages showed as JSON, screenshots to PNG-event.png and PNG-list.png.
// "create": opens the form for section ARG as an organiser, fills it, clicks the middle of the
// small map, ticks the two best-ranked bureaux, saves and waits for the new action's page.
// "shot": opens PATH, waits until the page says it is ready, screenshots to PNG (for a look).
// usage: node --experimental-websocket events-drive.js CHROME PROFILE BASE COOKIE join ID PNG
//        node --experimental-websocket events-drive.js CHROME PROFILE BASE COOKIE create SECTION PNG
//        node --experimental-websocket events-drive.js CHROME PROFILE BASE COOKIE shot PATH PNG
const { drive } = require('./cdp.js');
const [chrome, profile, base, cookie, mode, arg, png] = process.argv.slice(2);

async function open(page, path, ready) {
  await page.send('Page.navigate', { url: base + path });
  return page.until(`document.body && document.body.dataset.ready === '${ready}'`);
}

async function join(page, out) {
  const text = (id) => page.ev(`document.getElementById('${id}').textContent`);
  out.ready = await open(page, '/static/events.html?id=' + arg, 'event');
  out.before = await text('ev-count');
  out.button = await text('join-button');
  out.fill_before = await page.ev("document.getElementById('ev-fill').style.width");
  await page.ev("document.getElementById('join-button').click(); true");
  // the end state: the count is no longer the one read before, and the page says so
  out.changed = await page.until(`document.getElementById('ev-count').textContent !== ${JSON.stringify(out.before)} && /participez/.test(document.getElementById('message').textContent)`);
  out.after = await text('ev-count');
  out.button_after = await text('join-button');
  out.fill_after = await page.ev("document.getElementById('ev-fill').style.width");
  out.names = await text('ev-names');
  out.marks = await page.ev("[...document.querySelectorAll('#ev-bar .mark')].map(m => m.dataset.label + '@' + m.style.left).join('|')");
  out.organiser_hidden = await page.ev("document.getElementById('organiser').hidden");
  await page.shot(png + '-event.png');
  out.list_ready = await open(page, '/static/events.html', 'list');
  out.items = await page.ev("document.querySelectorAll('#event-list li').length");
  out.joined_tags = await page.ev("[...document.querySelectorAll('#event-list li')].filter(li => [...li.querySelectorAll('.tag')].some(t => t.textContent === 'inscrit·e')).length");
  out.nav = await page.ev("[...document.querySelectorAll('#nav a')].map(a => a.textContent).join('|')");
  await page.shot(png + '-list.png');
}

async function create(page, out) {
  await page.send('Page.navigate', { url: base + '/static/events.html?new=' + arg });
  // ready: the ranked targets are drawn and the map framed on them (or on the section)
  out.ready = await page.until("document.querySelectorAll('#f-targets input').length > 1 && document.body.dataset.ready === 'form'");
  await page.ev(`(() => { const v = (id, x) => { document.getElementById(id).value = x; };
    v('f-kind', 'tractage'); v('f-title', 'Tractage métro'); v('f-start', '2099-09-12T09:00'); v('f-end', '2099-09-12T11:00');
    v('f-min', '3'); v('f-target', '8'); v('f-address', 'Sortie du métro'); window.scrollTo(0, 0); return true; })()`);
  const r = await page.ev("(() => { const b = document.getElementById('f-map').getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2]; })()");
  for (const type of ['mousePressed', 'mouseReleased']) await page.send('Input.dispatchMouseEvent', { type, x: r[0], y: r[1], button: 'left', clickCount: 1 });
  out.point = await page.ev("document.getElementById('f-point').textContent");
  out.targets = await page.ev("(() => { const c = document.querySelectorAll('#f-targets input'); c[0].click(); c[1].click(); return c[0].value + ',' + c[1].value; })()");
  await page.shot(png + '-form.png');
  await page.ev("document.getElementById('event-form').requestSubmit(); true");
  out.saved = await page.until("/[?]id=/.test(location.search) && document.body.dataset.ready === 'event'");
  out.id = await page.ev("new URLSearchParams(location.search).get('id')");
  out.organiser_hidden = await page.ev("document.getElementById('organiser').hidden");
  out.when = await page.ev("document.getElementById('ev-when').textContent");
}

async function shot(page, out) {
  await page.send('Page.navigate', { url: base + arg });
  out.ready = await page.until("document.body && (document.body.dataset.ready || document.querySelectorAll('#f-targets label').length > 0)");
  await page.sleep(800); // the small map's tiles
  out.message = await page.ev("document.getElementById('message').textContent");
  await page.shot(png);
}

drive(chrome, profile, '1100,1000', async (page, out) => {
  await page.send('Network.setCookie', { name: 'coopmap_session', value: cookie, url: base });
  await ({ join, create, shot }[mode])(page, out);
});
