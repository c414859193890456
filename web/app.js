/* coopmap page: layer picker, legend, bureau figures on click, ranked list linked to the map,
 * search. Everything comes from our JSON API; text is inserted with textContent only. */
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const state = { layers: [], sources: '', layer: null, tiles: null, outline: null, area: '', code: '' };
  const map = L.map('map', { zoomSnap: 0.5 }).setView([48.8566, 2.3522], 12);
  map.attributionControl.setPrefix('Leaflet');

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  /* #layer=NAME&bureau=CODE: a link opens the same view */
  function readHash() {
    const h = new URLSearchParams(location.hash.slice(1));
    return { layer: h.get('layer') || '', bureau: h.get('bureau') || '' };
  }
  function writeHash() {
    const h = new URLSearchParams();
    if (state.layer) h.set('layer', state.layer.name);
    if (state.code) h.set('bureau', state.code);
    history.replaceState(null, '', '#' + h);
  }

  function status(msg) { $('status').textContent = msg || ''; }

  async function getJSON(url, method) {
    /* the custom header is what the server asks of every state-changing request */
    const r = await fetch(url, { method: method || 'GET', headers: { Accept: 'application/json', 'X-Requested-With': 'coopmap' } });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error((body.error && body.error.message) || ('HTTP ' + r.status));
    return body;
  }

  const GROUPS = [['potential', 'Potentiel'], ['remob_', 'Entre deux tours'], ['category', 'Catégories'], ['camp_share', 'Résultats'],
    ['turnout', 'Résultats'], ['abstention', 'Résultats'], ['registered', 'Résultats'], ['bloc_', 'Blocs'],
    ['share_', 'Candidats et nuances'], ['volatility', 'Volatilité'], ['socio_', 'Sociodémographie'], ['', 'Autres']];

  const groupOf = (name) => GROUPS.findIndex(([p]) => name.startsWith(p));

  const nf = (d) => new Intl.NumberFormat('fr-FR', { minimumFractionDigits: d, maximumFractionDigits: d });

  /* A layer value as the legend shows it (class label for categories). */
  function fmtValue(layer, v) {
    if (v === null || v === undefined) return 'n.d.';
    if (layer.categorical) {
      const c = layer.legend.classes[v];
      return c ? c.label : String(v);
    }
    const d = layer.display || { mult: 1, decimals: 2, unit: '' };
    const unit = (d.unit || '').trim();
    return nf(d.decimals).format(v * d.mult) + (unit ? '\u202f' + unit : '');
  }

  function pct(n, total) { return total > 0 ? nf(1).format(100 * n / total) + '\u202f%' : '—'; }

  function bboxBounds(b) { return L.latLngBounds([b[1], b[0]], [b[3], b[2]]); }

  function showLegend(layer) {
    $('legend-title').textContent = layer.title;
    const ul = $('legend-classes');
    ul.replaceChildren();
    const rows = layer.legend.classes.concat(layer.legend.nodata ? [layer.legend.nodata] : []);
    for (const c of rows) {
      const li = el('li');
      const sw = el('span', null, 'swatch');
      sw.style.background = c.color;
      /* class bounds in French notation, like the values in the list */
      const text = (c.min !== undefined && c.max !== undefined)
        ? fmtValue(layer, c.min) + ' – ' + fmtValue(layer, c.max) : c.label;
      li.append(sw, el('span', text));
      ul.append(li);
    }
    if (layer.legend.hatched) { /* remobilisation: bureaux whose round 1 is not entered yet */
      const li = el('li');
      li.append(el('span', null, 'swatch hatch'), el('span', layer.legend.hatched.label));
      ul.append(li);
    }
    $('legend-formula').textContent = layer.formula || '—';
    $('legend-refs').textContent = layer.refs || '—';
    $('legend-years').textContent = layer.years || '—';
    $('legend-sources').textContent = state.sources;
  }

  function setLayer(name) {
    const layer = state.layers.find((l) => l.name === name) || state.layers[0];
    if (!layer) return;
    state.layer = layer;
    if (state.tiles) map.removeLayer(state.tiles);
    /* the URL carries the layer version: a tile never goes stale, the browser keeps it */
    state.tiles = L.tileLayer(layer.tiles[0].replace(/\.png$/, '{r}.png'), {
      minZoom: layer.minzoom, maxZoom: 19, maxNativeZoom: layer.maxzoom,
      bounds: layer.bounds ? bboxBounds(layer.bounds) : undefined,
      attribution: state.sources, opacity: 0.85,
    }).addTo(map);
    showLegend(layer);
    writeHash();
    loadRank();
    if (state.code) selectBureau(state.code, false);
  }

  // The PDF of what the list shows: current layer, current zone (or all), chosen paper.
  function printLink() {
    if (!state.layer) return;
    const q = new URLSearchParams({ layer: state.layer.name, area: state.area || 'all', paper: $('paper').value });
    if ($('sheets').checked) q.set('sheets', '1');
    $('print').href = '/api/print?' + q;
    /* the same list as CSV: every ranked bureau of the zone (the round-2 list) */
    $('rank-csv').href = '/api/rank.csv?' + new URLSearchParams({ layer: state.layer.name, area: state.area || 'all' });
  }

  async function loadRank() {
    const layer = state.layer;
    printLink();
    const tbody = $('rank-rows');
    $('rank-area').textContent = state.area ? '(' + state.area + ')' : '';
    $('rank-all').hidden = !state.area;
    $('area').value = state.area;
    try {
      const q = new URLSearchParams({ layer: layer.name, limit: '50' });
      if (state.area) q.set('area', state.area);
      const res = await getJSON('/api/rank?' + q);
      tbody.replaceChildren();
      for (const row of res.rows) {
        const tr = el('tr');
        tr.dataset.code = row.code;
        if (row.code === state.code) tr.className = 'sel';
        tr.append(el('td', row.rank, 'num'), el('td', row.code), el('td', fmtValue(layer, row.value), 'num'),
          el('td', row.doors === null ? '—' : nf(0).format(row.doors), 'num'));
        tr.tabIndex = 0;
        tr.addEventListener('click', () => selectBureau(row.code, true));
        tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') selectBureau(row.code, true); });
        tbody.append(tr);
      }
      if (!res.rows.length) tbody.append(el('tr')).append(el('td', 'Aucun bureau.'));
    } catch (e) { tbody.replaceChildren(); status('Classement : ' + e.message); }
  }

  function roundBlock(r) {
    const d = el('details');
    const title = (r.label || r.election) + ' — ' + (r.round === 1 ? '1er' : '2d') + ' tour';
    d.append(el('summary', title));
    const t = el('table');
    const add = (k, v, p) => { const tr = el('tr'); tr.append(el('td', k), el('td', v === null ? 'n.d.' : nf(0).format(v), 'num'), el('td', p || '', 'num')); t.append(tr); };
    add('Inscrits', r.inscrits);
    add('Votants', r.votants, pct(r.votants, r.inscrits));
    add('Abstentions', r.abstentions, pct(r.abstentions, r.inscrits));
    add('Blancs', r.blancs);
    add('Nuls', r.nuls);
    add('Exprimés', r.exprimes);
    for (const v of r.votes) add(v.name + (v.nuance && v.nuance !== v.name ? ' (' + v.nuance + ')' : ''), v.voix, pct(v.voix, r.exprimes));
    d.append(t);
    return d;
  }

  function showBureau(b) {
    $('bureau').hidden = false;
    $('bureau-title').textContent = 'Bureau ' + b.code + (b.label ? ' — ' + b.label : '');
    const body = $('bureau-body');
    body.replaceChildren();
    body.append(el('p', 'Commune ' + b.commune + (b.commune_name ? ' (' + b.commune_name + ')' : '') + (b.circo ? ', circonscription ' + b.circo : '')));
    const t = el('table');
    for (const l of state.layers) {
      const tr = el('tr');
      if (l === state.layer) tr.className = 'sel';
      tr.append(el('td', l.title), el('td', fmtValue(l, b.layers ? b.layers[l.name] : null), 'num'));
      t.append(tr);
    }
    body.append(t);
    b.rounds.forEach((r, i) => { const d = roundBlock(r); if (i === b.rounds.length - 1) d.open = true; body.append(d); });
    for (const tr of $('rank-rows').children) tr.classList.toggle('sel', tr.dataset.code === b.code);
  }

  function outline(b) {
    if (state.outline) map.removeLayer(state.outline);
    state.outline = null;
    if (b.geometry) {
      state.outline = L.geoJSON(b.geometry, { style: { color: '#111', weight: 3, fill: false }, interactive: false }).addTo(map);
    }
  }

  async function selectBureau(code, zoom) {
    try {
      const b = await getJSON('/api/bureaux/' + encodeURIComponent(code));
      state.code = b.code;
      writeHash();
      showBureau(b);
      outline(b);
      if (zoom && b.bbox) map.fitBounds(bboxBounds(b.bbox), { maxZoom: 16, padding: [20, 20], animate: false });
      status('');
    } catch (e) { status('Bureau ' + code + ' : ' + e.message); }
  }

  map.on('click', async (e) => {
    try {
      const q = new URLSearchParams({ lon: e.latlng.lng.toFixed(6), lat: e.latlng.lat.toFixed(6) });
      const b = await getJSON('/api/bureaux/at?' + q);
      state.code = b.code;
      writeHash();
      showBureau(b);
      outline(b);
      status('');
    } catch (err) { status('Aucun bureau ici.'); }
  });

  $('bureau-close').addEventListener('click', () => {
    $('bureau').hidden = true;
    state.code = '';
    writeHash();
    if (state.outline) map.removeLayer(state.outline);
  });
  $('rank-all').addEventListener('click', () => { state.area = ''; loadRank(); });
  $('area-form').addEventListener('submit', (e) => {
    e.preventDefault();
    state.area = $('area').value.trim();
    status('');
    loadRank();
  });
  $('layer').addEventListener('change', (e) => setLayer(e.target.value));
  $('paper').addEventListener('change', printLink);
  $('sheets').addEventListener('change', printLink);

  let timer = 0;
  $('q').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  $('q').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { const first = $('hits').firstChild; if (first) first.click(); }
    if (e.key === 'Escape') $('hits').hidden = true;
  });

  async function search() {
    const q = $('q').value.trim();
    const ul = $('hits');
    if (!q) { ul.hidden = true; return; }
    try {
      const res = await getJSON('/api/search?' + new URLSearchParams({ q }));
      ul.replaceChildren();
      for (const h of res.results) {
        const li = el('li', h.code + (h.label ? ' — ' + h.label : ''));
        li.append(el('span', h.kind === 'commune' ? 'commune' : 'bureau', 'kind'));
        li.tabIndex = 0;
        li.addEventListener('click', () => pick(h));
        li.addEventListener('keydown', (e) => { if (e.key === 'Enter') pick(h); });
        ul.append(li);
      }
      if (!res.results.length) ul.append(el('li', 'Aucun résultat'));
      ul.hidden = false;
    } catch (e) { status('Recherche : ' + e.message); }
  }

  function pick(h) {
    $('hits').hidden = true;
    if (h.kind === 'commune') {
      state.area = h.code;
      if (h.bbox) map.fitBounds(bboxBounds(h.bbox));
      loadRank();
    } else {
      selectBureau(h.code, true);
    }
  }

  async function start() {
    try {
      const res = await getJSON('/api/layers');
      state.sources = res.sources;
      /* potential first: it is what the ranked list is for */
      state.layers = res.layers.slice().sort((a, b) => groupOf(a.name) - groupOf(b.name) || a.title.localeCompare(b.title, 'fr'));
      const sel = $('layer');
      let group = null;
      for (const l of state.layers) {
        const g = GROUPS[groupOf(l.name)][1];
        if (!group || group.label !== g) { group = document.createElement('optgroup'); group.label = g; sel.append(group); }
        group.append(new Option(l.title, l.name));
      }
      if (!state.layers.length) { $('legend-title').textContent = 'Aucune couche calculée (coopmap compute)'; return; }
      const want = readHash();
      const first = state.layers.find((l) => l.name === want.layer)
        || state.layers.find((l) => l.name === 'potential') || state.layers[0];
      if (first.bounds) map.fitBounds(bboxBounds(first.bounds), { animate: false });
      sel.value = first.name;
      setLayer(first.name);
      if (want.bureau) selectBureau(want.bureau, true);
      else openOnSection();
    } catch (e) { status('Couches : ' + e.message); }
  }

  /* A signed-in member sees their own section first: its extent, and its commune's ranking
   * when the section is one commune. Anonymous visitors (401) keep the whole map. */
  async function openOnSection() {
    let me;
    try { me = await getJSON('/api/me'); } catch (e) { return; }
    const s = me && me.section;
    if (!s) return;
    if (s.bbox) map.fitBounds(bboxBounds(s.bbox), { animate: false });
    const communes = (s.communes || '').split(',').filter(Boolean);
    if (communes.length === 1 && !s.bureaux) { state.area = communes[0]; loadRank(); }
  }
  /* The "Actions" overlay: the upcoming events the member may see in the view, each with a
   * one-click sign-up. Anonymous visitors (401) get no overlay. */
  const actions = { group: L.layerGroup(), seq: 0 };
  const evWhen = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

  function actionPopup(p) {
    const d = el('div', null, 'ev-popup');
    const goal = p.goal_target > 0 ? ' sur ' + p.goal_target + ' espérés' : '';
    const b = el('button', p.joined ? 'Je ne participe plus' : 'Je participe');
    b.type = 'button';
    b.addEventListener('click', async () => {
      b.disabled = true;
      try {
        const r = await getJSON('/api/events/' + p.id + (p.joined ? '/leave' : '/join'), 'POST');
        p.joined = !p.joined;
        p.signups = r.signups;
        d.replaceWith(actionPopup(p));
      } catch (e) { b.disabled = false; status('Inscription : ' + e.message); }
    });
    d.append(el('strong', p.title), el('div', p.kind_label + ' — ' + evWhen.format(new Date(p.starts_at))),
      el('div', 'Inscrits : ' + p.signups + goal), b);
    if (p.joined) d.append(el('div', 'Vous êtes inscrit·e.', 'ev-mine'));
    return d;
  }

  async function loadActions() {
    if (!map.hasLayer(actions.group)) return;
    const seq = ++actions.seq, b = map.getBounds();
    const clamp = (v, m) => Math.max(-m, Math.min(m, v)).toFixed(6);
    const bbox = [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)].join(',');
    let fc;
    try { fc = await getJSON('/api/events/map?' + new URLSearchParams({ bbox })); } catch (e) { return; }
    if (seq !== actions.seq) return; /* overtaken by a newer view */
    actions.group.clearLayers();
    for (const f of fc.features) {
      const [lon, lat] = f.geometry.coordinates;
      L.circleMarker([lat, lon], { radius: 8, color: '#fff', weight: 2, fillColor: '#d9480f', fillOpacity: 1, className: 'ev-mark', bubblingMouseEvents: false })
        .bindPopup(() => actionPopup(f.properties)).addTo(actions.group);
    }
    if (fc.truncated) status('Beaucoup d’actions ici : seules les ' + fc.features.length + ' premières sont sur la carte. Zoomez.');
  }

  async function startActions() {
    try { await getJSON('/api/events/joined'); } catch (e) { return; } /* not logged in */
    L.control.layers(null, { 'Actions (porte-à-porte, tractages, réunions…)': actions.group }, { collapsed: false }).addTo(map);
    actions.group.addTo(map);
    map.on('moveend', loadActions);
    map.on('overlayadd', loadActions);
    loadActions();
  }

  start();
  startActions();
}());
