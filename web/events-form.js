// events-form.js - the form to create or edit an action (web, loaded before events.js): the
// place is a point clicked on a small map or a bureau's centre, the targeted bureaux are
// picked from the section's ranked list (/api/rank over the section's territory). Uses
// auth.js's api, $ and say and events.js's el and parisInput.
'use strict';

const formState = { map: null, marker: null, tiles: null, lon: null, lat: null, layers: [], rows: [], section: null };

const codeList = (s) => (s || '').split(',').filter(Boolean);

// The section's bureaux ranked by the chosen layer, best first: every bureau of its communes
// (or arrondissements), and its bureaux named one by one.
async function loadRank(layer) {
  const sec = formState.section, seen = new Set(), bureaux = codeList(sec.bureaux);
  const get = (area) => api('GET', '/api/rank?layer=' + encodeURIComponent(layer) + '&area=' + encodeURIComponent(area) + '&limit=1000');
  let rows = [];
  for (const area of codeList(sec.communes)) rows = rows.concat((await get(area)).rows);
  for (const area of new Set(bureaux.map((b) => b.split('_')[0])))
    rows = rows.concat((await get(area)).rows.filter((x) => bureaux.includes(x.code)));
  rows = rows.filter((x) => !seen.has(x.code) && seen.add(x.code));
  rows.sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity));
  formState.rows = rows;
}

function drawTargets(checked) {
  const box = $('f-targets');
  box.textContent = '';
  if (!formState.rows.length) { box.append(el('p', 'Aucun bureau classé pour le territoire de la section.', 'sources')); return; }
  formState.rows.forEach((r, i) => {
    const label = el('label');
    const c = el('input');
    c.type = 'checkbox';
    c.value = r.code;
    c.checked = checked.has(r.code);
    c.addEventListener('change', showChosen);
    const doors = r.doors !== null && r.doors !== undefined ? ' — ' + Math.round(r.doors) + ' portes' : '';
    label.append(c, document.createTextNode(` ${i + 1}. ${r.code}${r.label ? ' ' + r.label : ''}${doors}${r.category ? ' (' + r.category + ')' : ''}`));
    box.append(label);
  });
  showChosen();
}

function showChosen() {
  const codes = checkedTargets();
  $('f-targets-chosen').textContent = codes.length ? 'Bureaux visés : ' + codes.join(', ') : 'Aucun bureau visé.';
}

function drawBureauChoice(current) {
  const sel = $('f-bureau');
  sel.textContent = '';
  sel.append(new Option('— choisir —', ''));
  for (const r of formState.rows.slice().sort((a, b) => a.code.localeCompare(b.code))) sel.append(new Option(r.code, r.code));
  sel.value = current || '';
}

function setPoint(lat, lon) {
  formState.lat = lat;
  formState.lon = lon;
  if (formState.marker) formState.marker.setLatLng([lat, lon]);
  else formState.marker = L.marker([lat, lon]).addTo(formState.map);
  $('f-point').textContent = `Point choisi : ${lat.toFixed(5)}, ${lon.toFixed(5)}`;
}

function setLayerTiles(name) {
  const layer = formState.layers.find((l) => l.name === name);
  if (!layer || !formState.map) return;
  if (formState.tiles) formState.map.removeLayer(formState.tiles);
  formState.tiles = L.tileLayer(layer.tiles[0], { minZoom: layer.minzoom, maxZoom: 19, maxNativeZoom: layer.maxzoom, opacity: 0.7 }).addTo(formState.map);
}

function fitBox(b) {
  formState.map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { animate: false });
}

// A territory without a stored extent (an arrondissement): the extent of its best-ranked
// bureaux, or of the layer.
async function fitRanked(layer) {
  let box = null;
  for (const r of formState.rows.slice(0, 10)) {
    const b = (await api('GET', '/api/bureaux/' + encodeURIComponent(r.code)).catch(() => ({}))).bbox;
    if (b) box = box ? [Math.min(box[0], b[0]), Math.min(box[1], b[1]), Math.max(box[2], b[2]), Math.max(box[3], b[3])] : b;
  }
  if (box || layer.bounds) fitBox(box || layer.bounds);
}

function startMap(sec) {
  if (typeof L === 'undefined') { $('f-point').textContent = 'Carte indisponible : choisissez un bureau.'; return; }
  const map = L.map('f-map');
  formState.map = map;
  map.setView([48.8566, 2.3522], 12);
  if (sec.bbox) fitBox(sec.bbox);
  map.on('click', (e) => {
    setPoint(e.latlng.lat, e.latlng.lng);
    document.querySelector('input[name=place][value=point]').checked = true;
  });
}

async function startLayers(checked) {
  const res = await api('GET', '/api/layers');
  formState.layers = res.layers;
  const sel = $('f-layer');
  for (const l of res.layers) sel.append(new Option(l.title, l.name));
  const pick = res.layers.find((l) => l.name === 'potential') || res.layers[0];
  if (!pick) return;
  sel.value = pick.name;
  setLayerTiles(pick.name);
  await loadRank(pick.name);
  drawTargets(checked);
  if (formState.map && !formState.section.bbox && !formState.marker) await fitRanked(pick);
  sel.addEventListener('change', async () => {
    const keep = new Set(checkedTargets());
    setLayerTiles(sel.value);
    await loadRank(sel.value).catch((err) => say(err.message));
    drawTargets(keep);
  });
}

const checkedTargets = () => [...document.querySelectorAll('#f-targets input:checked')].map((c) => c.value);

function fillForm(ev) {
  $('f-kind').value = ev.kind;
  $('f-title').value = ev.title;
  $('f-description').value = ev.description || '';
  $('f-address').value = ev.address || '';
  $('f-start').value = parisInput(ev.starts_at);
  $('f-end').value = parisInput(ev.ends_at);
  $('f-min').value = ev.goal_min;
  $('f-target').value = ev.goal_target;
  document.querySelector(`input[name=place][value=${ev.bureau ? 'bureau' : 'point'}]`).checked = true;
}

function formBody(ev) {
  const body = {
    kind: $('f-kind').value, title: $('f-title').value.trim(), description: $('f-description').value,
    address: $('f-address').value.trim(), start: $('f-start').value, end: $('f-end').value,
    goal_min: Number($('f-min').value), goal_target: Number($('f-target').value), targets: checkedTargets().join(','),
  };
  const place = document.querySelector('input[name=place]:checked').value;
  if (place === 'bureau') {
    if (!$('f-bureau').value) throw new Error('Choisissez le bureau où a lieu l\'action.');
    body.bureau = $('f-bureau').value;
  } else {
    if (formState.lat === null) throw new Error('Cliquez sur la carte pour placer l\'action, ou choisissez un bureau.');
    Object.assign(body, { lon: formState.lon, lat: formState.lat });
  }
  if (ev) body.version = ev.version;
  else body.section = formState.section.code;
  return body;
}

// Save; a 409 (someone else changed it meanwhile) is said in plain words.
async function saveForm(ev) {
  const body = formBody(ev);
  const r = await fetch(ev ? '/api/events/' + ev.id : '/api/events', {
    method: ev ? 'PUT' : 'POST', credentials: 'same-origin',
    headers: { 'X-Requested-With': 'coopmap', 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const data = await r.json().catch(() => ({}));
  if (r.status === 409)
    throw new Error('Quelqu\'un a modifié cette action pendant que vous la modifiiez : rechargez la page pour voir sa version, puis refaites votre changement.');
  if (!r.ok) throw new Error('Non enregistré : ' + ((data.error && data.error.message) || 'erreur ' + r.status));
  location.href = '/static/events.html?id=' + (ev ? ev.id : data.id);
}

async function eventForm(sectionCode, editId) {
  const ev = editId ? await api('GET', '/api/events/' + editId) : null;
  const code = ev ? ev.section : sectionCode;
  formState.section = await api('GET', '/api/sections/' + encodeURIComponent(code));
  $('form-title').textContent = ev ? 'Modifier : ' + ev.title : 'Nouvelle action — section ' + code;
  $('form-back').href = ev ? '/static/events.html?id=' + ev.id : '/static/events.html?section=' + encodeURIComponent(code);
  $('form-view').hidden = false;
  startMap(formState.section);
  if (ev) {
    fillForm(ev);
    setPoint(ev.lat, ev.lon);
  }
  await startLayers(new Set(ev ? ev.targets : []));
  drawBureauChoice(ev && ev.bureau);
  $('event-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try { await saveForm(ev); } catch (err) { say(err.message); }
  });
  document.body.dataset.ready = 'form';
}
