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
  const first = document.querySelector('#grid input:not(:disabled)');
  if (first) first.focus();
}

async function init() {
  const me = await api('GET', '/api/me');
  if (me.status === 200 && me.data.section) $('section').value = me.data.section.code;
  const r = await api('GET', '/api/results/');
  for (const id of (r.data.rounds || []).filter((x) => x.endsWith(':1')).concat(
    (r.data.rounds || []).filter((x) => !x.endsWith(':1')))) {
    const o = el('option', id.replace(':', ', tour '));
    o.value = id;
    $('round').append(o);
  }
  const p = new URLSearchParams(location.hash.slice(1));
  if (p.get('round')) $('round').value = p.get('round');
  $('entry-form').addEventListener('submit', (e) => open(e).catch((x) => say(x.message)));
  if ($('section').value && $('round').value) open().catch((x) => say(x.message));
}

init().catch((e) => say(e.message));
