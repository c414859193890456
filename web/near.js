// near.js - the "near me" page (web): a position from the browser, a commune or a click on the
// small map; the upcoming actions within N km, nearest first, with a one-click join/leave.
// Uses $() and api() of auth.js (loaded first: navigation, log-in redirect). Text is inserted
// with textContent only, never as HTML.
'use strict';
(function () {
  const RADII = [1, 2, 5, 10, 20, 50]; // the server accepts up to 1000 km; the page offers these
  const state = { pos: null, seq: 0, joined: new Set(), events: [], map: null, here: null, ring: null, pins: null };
  const paris = { timeZone: 'Europe/Paris' };
  const dayFmt = new Intl.DateTimeFormat('fr-FR', { ...paris, weekday: 'long', day: 'numeric', month: 'long' });
  const yearFmt = new Intl.DateTimeFormat('fr-FR', { ...paris, year: 'numeric' });
  const hourFmt = new Intl.DateTimeFormat('fr-FR', { ...paris, hour: '2-digit', minute: '2-digit' });
  const km1 = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function say(text) { $('message').textContent = text; }
  function radius() {
    const km = Number($('radius').value);
    return RADII.includes(km) ? km : 10;
  }

  // "samedi 1 juin, de 10:00 à 12:00" in Paris time; the year only when it is not this one.
  function when(ev) {
    const s = new Date(ev.starts_at), e = new Date(ev.ends_at);
    const year = yearFmt.format(s) !== yearFmt.format(new Date()) ? ' ' + yearFmt.format(s) : '';
    const day = dayFmt.format(s) + year;
    if (dayFmt.format(s) === dayFmt.format(e) && yearFmt.format(s) === yearFmt.format(e))
      return day + ', de ' + hourFmt.format(s) + ' à ' + hourFmt.format(e);
    return day + ' à ' + hourFmt.format(s) + ', jusqu’au ' + dayFmt.format(e) + ' à ' + hourFmt.format(e);
  }
  function signups(ev) {
    const goal = ev.goal_target > 0 ? ' sur ' + ev.goal_target + ' espérés' : '';
    const min = ev.goal_min > 0 ? ' (il en faut au moins ' + ev.goal_min + ')' : '';
    return 'Inscrits : ' + ev.signups + goal + min;
  }

  function joinButton(ev, card) {
    const joined = state.joined.has(ev.id);
    const b = el('button', joined ? 'Je ne participe plus' : 'Je participe', joined ? 'leave' : 'join');
    b.type = 'button';
    b.addEventListener('click', () => toggle(ev, b, card));
    return b;
  }

  // One click: join or leave, then the card shows the new count and state.
  async function toggle(ev, button, card) {
    const join = !state.joined.has(ev.id);
    button.disabled = true;
    try {
      const r = await api('POST', '/api/events/' + ev.id + (join ? '/join' : '/leave'), {});
      ev.signups = r.signups;
      if (join) state.joined.add(ev.id); else state.joined.delete(ev.id);
      card.replaceWith(eventCard(ev, card.dataset.rank));
      say(join ? 'C’est noté : vous participez à « ' + ev.title + ' ». Merci !'
        : 'C’est noté : vous ne participez plus à « ' + ev.title + ' ».');
    } catch (err) {
      button.disabled = false;
      say('Votre choix n’a pas été enregistré : ' + err.message);
    }
  }

  function eventCard(ev, rank) {
    const li = el('li', null, 'card' + (state.joined.has(ev.id) ? ' mine' : ''));
    li.dataset.id = ev.id;
    li.dataset.rank = rank;
    const h = el('h4');
    h.append(el('span', rank, 'rank'), el('span', ev.title, 'title'));
    const meta = el('p', null, 'ev-meta');
    meta.append(el('span', ev.kind_label, 'kind'), document.createTextNode(' — à '),
      el('span', km1.format(ev.distance_m / 1000) + ' km', 'dist'), document.createTextNode(' de vous'));
    li.append(h, meta, el('p', when(ev), 'when'));
    if (ev.address) li.append(el('p', ev.address, 'addr'));
    li.append(el('p', signups(ev), 'count'));
    if (state.joined.has(ev.id)) li.append(el('p', 'Vous êtes inscrit·e.', 'state'));
    li.append(joinButton(ev, li));
    return li;
  }

  function popup(ev, rank) {
    const d = el('div', null, 'popup');
    d.append(el('strong', rank + '. ' + ev.title), el('div', ev.kind_label + ' — à ' + km1.format(ev.distance_m / 1000) + ' km'),
      el('div', when(ev)));
    return d;
  }

  function drawPins(events) {
    state.pins.clearLayers();
    const pts = state.pos ? [[state.pos.lat, state.pos.lon]] : [];
    events.forEach((ev, i) => {
      const icon = L.divIcon({ className: 'ev-pin', html: String(i + 1), iconSize: [26, 26] });
      L.marker([ev.lat, ev.lon], { icon, title: ev.title, alt: ev.title }).bindPopup(popup(ev, i + 1)).addTo(state.pins);
      pts.push([ev.lat, ev.lon]);
    });
    state.map.invalidateSize(false); /* the list beside it may have changed the layout */
    if (pts.length > 1) state.map.fitBounds(pts, { padding: [30, 30], maxZoom: 15, animate: false });
    else if (pts.length) state.map.setView(pts[0], 14, { animate: false });
  }

  function render(events) {
    const km = radius();
    const ol = $('results');
    ol.replaceChildren(...events.map((ev, i) => eventCard(ev, i + 1)));
    drawPins(events);
    if (!events.length) say('Aucune action prévue à moins de ' + km + ' km. Essayez une distance plus grande.');
    else say(events.length + (events.length > 1 ? ' actions' : ' action') + ' à moins de ' + km + ' km, la plus proche en premier.');
  }

  // The actions around the chosen position; an answer overtaken by a newer request is dropped.
  async function load() {
    if (!state.pos) return;
    const seq = ++state.seq;
    const q = new URLSearchParams({ lon: state.pos.lon.toFixed(6), lat: state.pos.lat.toFixed(6), km: String(radius()) });
    say('Recherche des actions…');
    try {
      const [near, mine] = await Promise.all([api('GET', '/api/events/near?' + q), api('GET', '/api/events/joined')]);
      if (seq !== state.seq) return;
      state.joined = new Set(mine.ids);
      state.events = near.events;
      render(near.events);
      $('results').parentElement.scrollIntoView({ block: 'start' }); /* the answer, not the form */
    } catch (err) {
      if (seq === state.seq) say('Les actions n’ont pas pu être chargées : ' + err.message);
    }
  }

  function setPos(lon, lat, label) {
    state.pos = { lon, lat };
    $('where').textContent = 'Position choisie : ' + label + '.';
    const ll = [lat, lon];
    if (state.here) state.here.setLatLng(ll); else state.here = L.circleMarker(ll, { radius: 7, color: '#fff', weight: 2, fillColor: '#1d4e89', fillOpacity: 1 }).addTo(state.map);
    if (state.ring) state.ring.setLatLng(ll).setRadius(radius() * 1000);
    else state.ring = L.circle(ll, { radius: radius() * 1000, color: '#1d4e89', weight: 1, fill: false, interactive: false }).addTo(state.map);
    load();
  }

  function locate() {
    if (!navigator.geolocation) { say('Votre navigateur ne sait pas donner votre position : tapez votre commune, ou cliquez sur la carte.'); return; }
    say('Recherche de votre position…');
    navigator.geolocation.getCurrentPosition(
      (p) => setPos(p.coords.longitude, p.coords.latitude, 'votre position (à ' + Math.round(p.coords.accuracy) + ' m près)'),
      () => say('Votre position n’a pas pu être trouvée (le navigateur l’a peut-être refusée). Tapez votre commune, ou cliquez sur la carte.'),
      { enableHighAccuracy: false, timeout: 20000, maximumAge: 60000 });
  }

  function communeLabel(h) { return h.label ? h.label + ' (' + h.code + ')' : 'commune ' + h.code; }

  function pickCommune(h) {
    $('communes').hidden = true;
    if (!h.point) { say('Cette commune n’a pas de contour dans la base : cliquez plutôt sur la carte.'); return; }
    setPos(h.point[0], h.point[1], communeLabel(h));
  }

  async function searchCommune(e) {
    e.preventDefault();
    const text = $('commune').value.trim();
    const ul = $('communes');
    ul.hidden = true;
    if (!text) { say('Tapez d’abord le nom de votre commune.'); return; }
    try {
      const res = await api('GET', '/api/search?' + new URLSearchParams({ q: text }));
      const hits = res.results.filter((h) => h.kind === 'commune');
      if (!hits.length) { say('Aucune commune trouvée pour « ' + text + ' ». Vérifiez l’orthographe, ou cliquez sur la carte.'); return; }
      if (hits.length === 1) { pickCommune(hits[0]); return; }
      ul.replaceChildren(...hits.map((h) => {
        const li = el('li'), b = el('button', communeLabel(h));
        b.type = 'button';
        b.addEventListener('click', () => pickCommune(h));
        li.append(b);
        return li;
      }));
      ul.hidden = false;
      say('Plusieurs communes correspondent : choisissez la vôtre dans la liste.');
    } catch (err) { say('La recherche n’a pas abouti : ' + err.message); }
  }

  // The bureaux of one layer, faint, so that the member recognises the streets' areas.
  async function background() {
    const res = await api('GET', '/api/layers');
    const layer = res.layers.find((l) => l.name === 'registered') || res.layers[0];
    if (!layer) return null;
    L.tileLayer(layer.tiles[0].replace(/\.png$/, '{r}.png'), {
      minZoom: layer.minzoom, maxZoom: 19, maxNativeZoom: layer.maxzoom, opacity: 0.35,
      bounds: layer.bounds ? [[layer.bounds[1], layer.bounds[0]], [layer.bounds[3], layer.bounds[2]]] : undefined,
      attribution: res.sources,
    }).addTo(state.map);
    return layer.bounds;
  }

  async function start() {
    let viewed = false;
    /* no view before the background is known: a view below its first zoom would be
     * corrected by an animation that lands after (and undoes) ours */
    state.map = L.map('near-map', { zoomSnap: 0.5 });
    state.map.attributionControl.setPrefix('Leaflet');
    state.pins = L.layerGroup().addTo(state.map);
    state.map.on('click', (e) => setPos(e.latlng.lng, e.latlng.lat, 'le point cliqué sur la carte'));
    $('locate').addEventListener('click', locate);
    $('commune-form').addEventListener('submit', searchCommune);
    $('radius').addEventListener('change', () => { if (state.ring) state.ring.setRadius(radius() * 1000); load(); });
    try {
      const [bounds, me] = await Promise.all([background().catch(() => null), api('GET', '/api/me')]);
      const box = (me.section && me.section.bbox) || bounds;
      if (box && !state.pos) { state.map.fitBounds([[box[1], box[0]], [box[3], box[2]]], { animate: false }); viewed = true; }
    } catch (err) { /* not logged in: auth.js sends the member to the log-in page */ }
    if (!viewed && !state.pos) state.map.setView([46.6, 2.4], 6); /* France */
    if (!state.pos) say('Indiquez d’abord où vous êtes (étape 1).');
  }
  start();
}());
