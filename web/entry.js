// entry.js - the results entry grid (web/entry.html): one row per bureau of the section,
// numbers only, checks as one types (the importer's rules), each bureau saved on its own
// when the cursor leaves it, with the version it was read at (409: someone else saved it).
// Data is inserted with textContent only, never as HTML.
'use strict';

const $ = (id) => document.getElementById(id);
const TOTALS = [['inscrits', 'Inscrits'], ['votants', 'Votants'], ['blancs', 'Blancs'],
  ['nuls', 'Nuls'], ['exprimes', 'Exprimés']];

async function api(method, path, body) {
  const opt = { method, credentials: 'same-origin', headers: { 'X-Requested-With': 'coopmap' } };
  if (body !== undefined) {
    opt.headers['Content-Type'] = 'application/json';
    opt.body = JSON.stringify(body);
  }
  const r = await fetch(path, opt);
  const data = await r.json().catch(() => ({}));
  if (r.status === 401) { location.href = '/static/login.html'; throw new Error('non connecté'); }
  return { status: r.status, data };
}

function say(text) { $('message').textContent = text; }

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

const state = { election: '', round: 1, columns: [], rows: [] };

// The candidates' columns: union over the bureaux, by nuance (or name), in order of appearance.
function columnKey(c) { return c.nuance || c.name; }

function numberInput(value, disabled) {
  const i = el('input');
  i.type = 'text';
  i.inputMode = 'numeric';
  i.autocomplete = 'off';
  i.value = value === null || value === undefined ? '' : String(value);
  i.disabled = !!disabled;
  return i;
}

// Values of a row: null for an empty cell.
function rowValues(r) {
  const v = {};
  for (const [k] of TOTALS) v[k] = r.inputs[k].value === '' ? null : Number(r.inputs[k].value);
  v.votes = {};
  for (const c of r.data.candidates) {
    const s = r.cand[c.id].value;
    v.votes[c.id] = s === '' ? null : Number(s);
  }
  return v;
}

// The importer's rules; returns [field, message] of the first problem, or null.
function check(v) {
  for (const [k, label] of TOTALS) if (v[k] === null) return [k, label + ' manquant'];
  if (v.votants > v.inscrits) return ['votants', `votants ${v.votants} > inscrits ${v.inscrits}`];
  if (v.exprimes > v.votants) return ['exprimes', `exprimés ${v.exprimes} > votants ${v.votants}`];
  if (v.votants !== v.exprimes + v.blancs + v.nuls)
    return ['votants', `votants ${v.votants} ≠ exprimés + blancs + nuls (${v.exprimes + v.blancs + v.nuls})`];
  let sum = 0;
  for (const x of Object.values(v.votes)) sum += x || 0;
  if (sum !== v.exprimes) return ['votes', `somme des voix ${sum} ≠ exprimés ${v.exprimes}`];
  return null;
}

function setState(r, cls, text) {
  r.tr.className = cls;
  r.stateCell.textContent = text;
}

function liveCheck(r) {
  for (const i of Object.values(r.inputs).concat(Object.values(r.cand))) i.classList.remove('bad');
  const p = check(rowValues(r));
  if (p) {
    if (p[0] === 'votes') Object.values(r.cand).forEach((i) => i.classList.add('bad'));
    else r.inputs[p[0]].classList.add('bad');
  }
  setState(r, r.dirty ? 'dirty' : r.tr.className, p ? p[1] : (r.dirty ? 'à enregistrer' : r.stateCell.textContent));
  return p;
}

async function save(r) {
  if (!r.dirty || r.saving) return;
  const v = rowValues(r);
  if (liveCheck(r)) return; // partial or wrong: kept on screen, not saved
  const votes = {};
  for (const [id, x] of Object.entries(v.votes)) if (x !== null) votes[id] = x;
  r.saving = true;
  try {
    const body = { version: r.data.version, inscrits: v.inscrits, votants: v.votants,
      blancs: v.blancs, nuls: v.nuls, exprimes: v.exprimes, votes };
    const { status, data } = await api('POST', `/api/results/${encodeURIComponent(state.election)}/${state.round}/${r.data.bureau}`, body);
    if (status === 200) {
      r.data.version = data.version;
      r.dirty = false;
      setState(r, 'saved', `enregistré (version ${data.version})` + (data.remob ? ', carte à jour' : ''));
    } else if (status === 409) {
      setState(r, 'conflict', "modifié par quelqu'un d'autre, rechargez");
    } else {
      const e = data.error || {};
      if (e.field && r.inputs[e.field]) r.inputs[e.field].classList.add('bad');
      setState(r, 'error', e.message || ('erreur ' + status));
    }
  } catch (e) {
    setState(r, 'error', 'réseau : ' + e.message);
  } finally {
    r.saving = false;
  }
}

// Keyboard: digits only; Enter goes to the same column of the next bureau.
function wire(r, input, col) {
  input.dataset.col = String(col);
  input.addEventListener('input', () => {
    const d = input.value.replace(/[^0-9]/g, '');
    if (d !== input.value) input.value = d;
    r.dirty = true;
    liveCheck(r);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const i = state.rows.indexOf(r);
    for (let k = i + 1; k < state.rows.length; k++) {
      const next = state.rows[k].tr.querySelector(`input[data-col="${col}"]:not(:disabled)`);
      if (next) { next.focus(); next.select(); return; }
    }
  });
}

function buildRow(d) {
  const r = { data: d, inputs: {}, cand: {}, dirty: false, tr: el('tr') };
  r.tr.append(el('th', d.bureau));
  let col = 0;
  for (const [k] of TOTALS) {
    const i = numberInput(d[k]);
    r.inputs[k] = i;
    wire(r, i, col++);
    r.tr.appendChild(el('td')).append(i); // appendChild returns the cell; append returns nothing
  }
  const byKey = {};
  for (const c of d.candidates) byKey[columnKey(c)] = c;
  for (const key of state.columns) {
    const c = byKey[key];
    const i = numberInput(c ? c.voix : null, !c);
    if (c) r.cand[c.id] = i;
    wire(r, i, col++);
    r.tr.appendChild(el('td')).append(i); // appendChild returns the cell; append returns nothing
  }
  r.stateCell = el('td', d.entered ? `saisi (version ${d.version})` : 'non saisi', 'state');
  r.tr.append(r.stateCell);
  // leaving the row saves it
  r.tr.addEventListener('focusout', (e) => { if (!r.tr.contains(e.relatedTarget)) save(r); });
  return r;
}

// Each open() takes a ticket; a load overtaken by a newer one (the automatic first load and a
// quick submit, or two submits) drops its rows instead of appending them to the newer grid.
let ticket = 0;

async function open(ev) {
  if (ev) ev.preventDefault();
  const mine = ++ticket;
  const [election, round] = $('round').value.split(':');
  const section = $('section').value.trim();
  state.election = election;
  state.round = Number(round);
  state.rows = [];
  $('grid-rows').replaceChildren();
  if (!election || !section) { say('Choisissez un tour et une section.'); return; }
  say('Chargement…');
  const base = `/api/results/${encodeURIComponent(election)}/${round}`;
  const list = await api('GET', `${base}?section=${encodeURIComponent(section)}`);
  if (mine !== ticket) return;
  if (list.status !== 200) { say((list.data.error && list.data.error.message) || 'section introuvable'); return; }
  const details = [];
  for (const b of list.data.bureaux) {
    const g = await api('GET', `${base}/${b.bureau}`);
    if (g.status === 200) details.push(g.data);
  }
  if (mine !== ticket) return;
  state.columns = [];
  for (const d of details) for (const c of d.candidates)
    if (!state.columns.includes(columnKey(c))) state.columns.push(columnKey(c));
  const head = $('grid-head');
  head.replaceChildren(el('th', 'Bureau'));
  for (const [, label] of TOTALS) head.append(el('th', label));
  for (const k of state.columns) head.append(el('th', k));
  head.append(el('th', 'État'));
  for (const d of details) state.rows.push(buildRow(d));
  $('grid-rows').replaceChildren(...state.rows.map((r) => r.tr));
  say(`${details.length} bureaux` + (list.data.may_enter ? '' : ' — lecture seule : saisie réservée au secrétaire et aux délégués ayant le droit « résultats »'));
  if (!list.data.may_enter) for (const i of document.querySelectorAll('#grid input')) i.disabled = true;
  $('upload-box').hidden = !list.data.may_enter;
  loadRates().catch((x) => { $('tr-message').textContent = x.message; });
  const first = document.querySelector('#grid input:not(:disabled)');
  if (first) first.focus();
}

// ---- the Ministry's file, uploaded for the section's bureaux (all or nothing)
const UPLOAD_MAX = 20 * 1024 * 1024;

// The importer's notes in French where we know them, as they are otherwise.
function noteImport(n) {
  const m = /^nuls derived as votants - blancs - exprimes for (\d+) rows/.exec(n);
  return m ? `nuls calculés (votants − blancs − exprimés) pour ${m[1]} bureaux : le fichier n'a pas de colonne « nuls »` : n;
}

function reportView(status, data, name) {
  const box = [];
  const rep = data.report;
  if (status === 200) {
    box.push(el('p', `Fichier « ${rep.file} » importé : ${rep.joined} bureau(x) enregistré(s), ` +
      `${rep.outside} ligne(s) hors de la section, ${rep.rejected} ligne(s) refusée(s).` +
      (data.remob ? ' Carte de remobilisation recalculée.' : ''), 'ok'));
  } else if (status === 413) {
    box.push(el('p', `« ${name} » est trop gros : 20 Mo au plus.`, 'bad'));
  } else if (rep && rep.rejected > 0) {
    box.push(el('p', `Rien n'a été enregistré : ${rep.rejected} ligne(s) fausse(s) dans « ${rep.file} » ` +
      '(voir ci-dessous). Corrigez le fichier, ou décochez « tout refuser » pour enregistrer les autres lignes.', 'bad'));
  } else {
    const e = data.error || {};
    box.push(el('p', 'Rien n\'a été enregistré : ' + (e.message || ('erreur ' + status)), 'bad'));
  }
  if (rep && rep.problems.length) {
    const ul = el('ul', null, 'problems');
    for (const p of rep.problems.slice(0, 50))
      ul.append(el('li', (p.line !== null ? `ligne ${p.line} : ` : '') + p.reason));
    if (rep.problems.length > 50) ul.append(el('li', `… et ${rep.problems.length - 50} autres`));
    box.push(ul);
  }
  if (status === 200) for (const n of rep.notes || []) box.push(el('p', noteImport(n), 'sources'));
  $('upload-report').replaceChildren(...box);
}

async function upload(ev) {
  ev.preventDefault();
  const f = $('upload-file').files[0];
  const section = $('section').value.trim();
  if (!f) { $('upload-report').replaceChildren(el('p', 'Choisissez d\'abord le fichier.', 'bad')); return; }
  if (f.size > UPLOAD_MAX) { reportView(413, {}, f.name); return; }
  $('upload-report').replaceChildren(el('p', `Envoi et vérification de « ${f.name} »…`));
  const q = new URLSearchParams({ section, name: f.name, strict: $('upload-strict').checked ? '1' : '0' });
  const r = await fetch(`/api/results/${encodeURIComponent(state.election)}/${state.round}/upload?${q}`, {
    method: 'POST', credentials: 'same-origin', body: f,
    headers: { 'X-Requested-With': 'coopmap', 'Content-Type': 'application/octet-stream' } });
  if (r.status === 401) { location.href = '/static/login.html'; return; }
  const data = await r.json().catch(() => ({}));
  if (r.status === 200) {
    await open();
    loadRank().catch(() => {});
  }
  reportView(r.status, data, f.name);
}

// ---- the round-2 list: the remobilisation layer ranked over a zone, as CSV and PDF
const R2_LAYER = 'remob_voters';

async function loadRank(ev) {
  if (ev) ev.preventDefault();
  const area = $('r2-area').value.trim();
  const q = new URLSearchParams({ layer: R2_LAYER, area: area || 'all' });
  $('r2-csv').href = '/api/rank.csv?' + q;
  $('r2-print').href = '/api/print?' + new URLSearchParams({ layer: 'remobilisation', area: area || 'all' });
  const r = await api('GET', '/api/rank?' + new URLSearchParams({ layer: R2_LAYER, area, limit: 500 }));
  $('r2-rows').replaceChildren();
  if (r.status === 404) {
    $('r2-message').textContent = 'La carte de remobilisation n\'est pas encore calculée ' +
      '(l\'équipe de la fédération lance « coopmap remob --r1 ÉLECTION:1 »).';
    return;
  }
  if (r.status !== 200) {
    $('r2-message').textContent = (r.data.error && r.data.error.message) || ('erreur ' + r.status);
    return;
  }
  const fmt = (x) => (x === null || x === undefined ? '' : Math.round(x).toLocaleString('fr-FR'));
  for (const row of r.data.rows) {
    const tr = el('tr');
    tr.append(el('td', row.rank, 'num'), el('td', row.code), el('td', fmt(row.value), 'num'),
      // doors of the remobilisation layer (remob_doors): voters to win / 1.4 (DESIGN.md)
      el('td', fmt(row.value === null ? null : row.value / 1.4), 'num'), el('td', fmt(row.registered), 'num'));
    $('r2-rows').append(tr);
  }
  $('r2-message').textContent = `${r.data.rows.length} bureaux avec une valeur` + (area ? ` dans ${area}` : '') +
    ' ; les bureaux sans résultat ou sans finaliste de notre camp n\'y figurent pas.';
}

// ---- transfer rates per bloc
const BLOCS = { far_left: 'Extrême gauche', left: 'Gauche', ecologist: 'Écologistes', centre: 'Centre',
  right: 'Droite', far_right: 'Extrême droite', other: 'Autres' };

function noteFr(note) {
  if (!note) return '';
  let m;
  if (note.startsWith('defaults chosen by the project'))
    return 'valeur par défaut du projet coopmap (aucune enquête citée)';
  if ((m = /^changed in the page on (\S+) \(was (.*)\)$/.exec(note)))
    return `modifié dans cette page le ${m[1]} (avant : ${m[2].replace('.', ',')})`;
  if ((m = /^set in the page on (\S+)$/.exec(note))) return `saisi dans cette page le ${m[1]}`;
  return note;
}

function parseRate(s) {
  const t = s.trim().replace(',', '.');
  const x = Number(t);
  return t !== '' && Number.isFinite(x) && x >= 0 && x <= 1 ? x : null;
}

async function loadRates() {
  const section = $('section').value.trim();
  const r = await api('GET', '/api/transfers' + (section ? '?section=' + encodeURIComponent(section) : ''));
  if (r.status !== 200) { $('tr-message').textContent = 'Taux de report illisibles (erreur ' + r.status + ')'; return; }
  $('tr-defaults').textContent = r.data.defaults;
  const rows = [];
  const order = Object.keys(BLOCS);
  r.data.rates.sort((a, b) => order.indexOf(a.bloc) - order.indexOf(b.bloc));
  for (const t of r.data.rates) {
    const i = numberInput(String(t.rate).replace('.', ','), !r.data.may_edit);
    i.inputMode = 'decimal';
    i.dataset.bloc = t.bloc;
    const tr = el('tr');
    tr.append(el('td', BLOCS[t.bloc] || t.bloc));
    tr.appendChild(el('td', null, 'num')).append(i);
    tr.append(el('td', noteFr(t.note), 'sources'));
    rows.push(tr);
  }
  $('tr-rows').replaceChildren(...rows);
  $('tr-save').hidden = !r.data.may_edit;
  if (!r.data.may_edit)
    $('tr-message').textContent = 'Lecture seule : le secrétaire et les délégués ayant le droit « résultats » peuvent modifier ces taux.';
}

async function saveRates(ev) {
  ev.preventDefault();
  const rates = {};
  for (const i of document.querySelectorAll('#tr-rows input')) {
    i.classList.remove('bad');
    const x = parseRate(i.value);
    if (x === null) {
      i.classList.add('bad');
      i.focus();
      $('tr-message').textContent = `Taux « ${BLOCS[i.dataset.bloc] || i.dataset.bloc} » : un nombre entre 0 et 1 est attendu (par exemple 0,25 pour un quart).`;
      return;
    }
    rates[i.dataset.bloc] = x;
  }
  $('tr-message').textContent = 'Enregistrement et recalcul de la carte…';
  const r = await api('PUT', '/api/transfers?section=' + encodeURIComponent($('section').value.trim()), { rates });
  if (r.status !== 200) {
    const e = r.data.error || {};
    const i = e.field && document.querySelector(`#tr-rows input[data-bloc="${e.field.replace('rates.', '')}"]`);
    if (i) i.classList.add('bad');
    $('tr-message').textContent = 'Non enregistré : ' + (e.message || ('erreur ' + r.status));
    return;
  }
  await loadRates();
  $('tr-message').textContent = 'Taux enregistrés' + (r.data.remob ? ` ; carte de remobilisation recalculée (${r.data.remob.changed} bureaux).` : '.');
  loadRank().catch(() => {});
}

// ---- tabs: the grid (with the upload), the round-2 list, the transfer rates
function showTab(id) {
  for (const b of document.querySelectorAll('#tabs button')) {
    const on = b.dataset.tab === id;
    b.setAttribute('aria-selected', String(on));
    $(b.dataset.tab).hidden = !on;
  }
}

// The zone of the round-2 list for a section: its first commune, else the arrondissement
// all its bureaux are in (a section set to 75120 holds the 20e's bureaux 75056_20xx), else
// the commune of its first bureau.
const ARRONDISSEMENTS = { 75056: (p) => '751' + p, 69123: (p) => '6938' + p[1], 13055: (p) => '132' + p };

function sectionArea(s) {
  const communes = (s.communes || '').split(',').filter(Boolean);
  const bureaux = (s.bureaux || '').split(',').filter(Boolean);
  if (communes.length) return communes[0];
  if (!bureaux.length) return '';
  const lead = bureaux[0].slice(0, 8); // "75056_20"
  const city = ARRONDISSEMENTS[lead.slice(0, 5)];
  return city && bureaux.every((b) => b.startsWith(lead)) ? city(lead.slice(6, 8)) : lead.slice(0, 5);
}

async function init() {
  for (const b of document.querySelectorAll('#tabs button')) b.addEventListener('click', () => showTab(b.dataset.tab));
  const me = await api('GET', '/api/me');
  if (me.status === 200 && me.data.section) {
    const s = me.data.section;
    $('section').value = s.code;
    $('r2-area').value = sectionArea(s);
  }
  $('upload-form').addEventListener('submit', (e) => upload(e).catch((x) => $('upload-report').replaceChildren(el('p', 'réseau : ' + x.message, 'bad'))));
  $('r2-form').addEventListener('submit', (e) => loadRank(e).catch((x) => { $('r2-message').textContent = x.message; }));
  $('tr-form').addEventListener('submit', (e) => saveRates(e).catch((x) => { $('tr-message').textContent = x.message; }));
  loadRank().catch((x) => { $('r2-message').textContent = x.message; });
  const r = await api('GET', '/api/results/');
  for (const id of (r.data.rounds || []).filter((x) => x.endsWith(':1')).concat(
    (r.data.rounds || []).filter((x) => !x.endsWith(':1')))) {
    const o = el('option', id.replace(':', ', tour '));
    o.value = id;
    $('round').append(o);
  }
  const p = new URLSearchParams(location.hash.slice(1));
  if (p.get('round')) $('round').value = p.get('round');
  if (p.get('tab') && $(p.get('tab'))) showTab(p.get('tab'));
  $('entry-form').addEventListener('submit', (e) => open(e).catch((x) => say(x.message)));
  if ($('section').value && $('round').value) open().catch((x) => say(x.message));
  else loadRates().catch((x) => { $('tr-message').textContent = x.message; });
}

init().catch((e) => say(e.message));
