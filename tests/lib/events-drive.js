// events-drive.js - used by tests/95-events-page.t (headless Chromium through cdp.js).
// "join": opens one action's page with a member's session, reads the count and the bar,
// clicks "Je participe", waits for the new count, then opens the section's list; prints what
// the pages showed as JSON, screenshots to PNG-event.png and PNG-list.png.
// "shot": opens PATH, waits until the page says it is ready, screenshots to PNG (for a look).
// usage: node --experimental-websocket events-drive.js CHROME PROFILE BASE COOKIE join ID PNG
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

async function shot(page, out) {
  await page.send('Page.navigate', { url: base + arg });
  out.ready = await page.until("document.body && (document.body.dataset.ready || document.querySelectorAll('#f-targets label').length > 0)");
  await page.sleep(800); // the small map's tiles
  out.message = await page.ev("document.getElementById('message').textContent");
  await page.shot(png);
}

drive(chrome, profile, '1100,1000', async (page, out) => {
  await page.send('Network.setCookie', { name: 'coopmap_session', value: cookie, url: base });
  await (mode === 'join' ? join : shot)(page, out);
});
