// events.js - the section's actions (web): the list (?section=CODE), one action (?id=N) with
// its sign-up bar, join/leave in one click, the calendar links, and for organisers the
// participants, the attendance record, cancel and weekly series; the form (?new=CODE or
// ?edit=N). Uses auth.js's api, $ and say; data is inserted with textContent only.
'use strict';

const KIND_LABELS = { 'porte-a-porte': 'Porte-à-porte', tractage: 'Tractage', marche: 'Marché', reunion: 'Réunion', phoning: 'Phoning', autre: 'Autre' };
const PARIS = 'Europe/Paris';

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

// "samedi 6 juin 2099, 10:00 – 12:00" in Paris time.
function fmtWhen(startUtc, endUtc) {
  const s = new Date(startUtc), e = new Date(endUtc);
  const day = (d) => d.toLocaleDateString('fr-FR', { timeZone: PARIS, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const hour = (d) => d.toLocaleTimeString('fr-FR', { timeZone: PARIS, hour: '2-digit', minute: '2-digit' });
  return day(s) + ', ' + hour(s) + ' – ' + (day(e) === day(s) ? '' : day(e) + ', ') + hour(e);
}

// A UTC time as the value of a datetime-local input, in Paris time.
function parisInput(utc) {
  const p = {};
  for (const x of new Intl.DateTimeFormat('en-GB', { timeZone: PARIS, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(utc))) p[x.type] = x.value;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

const plural = (n, one, many) => n + ' ' + (n > 1 ? many : one);

// The sign-up bar: filled to the count, a mark at the minimum and one at the target.
function drawBar(bar, ev) {
  const scale = Math.max(ev.goal_target, ev.goal_min, ev.signups, 1);
  const fill = bar.querySelector('.fill');
  fill.style.width = Math.min(100, 100 * ev.signups / scale) + '%';
  fill.className = 'fill ' + ({ 'target reached': 'target', 'minimum reached': 'min' }[ev.goal_state] || '');
  const marks = [['min', ev.goal_min, 'minimum ' + ev.goal_min], ['target', ev.goal_target, 'objectif ' + ev.goal_target]];
  for (const [cls, v, label] of marks) {
    const m = bar.querySelector('.mark.' + cls);
    m.hidden = v <= 0;
    m.style.left = (100 * v / scale) + '%';
    m.dataset.label = label;
  }
  bar.setAttribute('aria-label', `${ev.signups} inscrit·e·s, minimum ${ev.goal_min}, objectif ${ev.goal_target}`);
}

function smallBar(ev) {
  const bar = el('div', null, 'bar small');
  bar.append(el('div', null, 'fill'), el('span', null, 'mark min'), el('span', null, 'mark target'));
  drawBar(bar, ev);
  return bar;
}

function countText(ev) {
  if (ev.goal_min <= 0 && ev.goal_target <= 0) return plural(ev.signups, 'inscrit·e', 'inscrit·e·s') + ' (pas d\'objectif fixé)';
  const state = { 'below minimum': 'il manque encore ' + plural(ev.goal_min - ev.signups, 'personne', 'personnes') + ' pour le minimum',
    'minimum reached': 'minimum atteint', 'target reached': 'objectif atteint' }[ev.goal_state] || '';
  return `${plural(ev.signups, 'inscrit·e', 'inscrit·e·s')} — minimum ${ev.goal_min}, objectif ${ev.goal_target} : ${state}`;
}

// ---- the list
function listItem(ev) {
  const li = el('li');
  const a = el('a', ev.title);
  a.href = '/static/events.html?id=' + ev.id;
  li.append(el('span', fmtWhen(ev.starts_at, ev.ends_at), ev.past ? 'when past' : 'when'), a,
    el('span', ev.kind_label, 'tag'));
  if (ev.cancelled) li.append(el('span', 'annulée', 'tag cancelled'));
  if (ev.joined) li.append(el('span', 'inscrit·e', 'tag'));
  li.append(el('div', (ev.address ? ev.address + ' — ' : '') + countText(ev), 'sources'), smallBar(ev));
  return li;
}

async function showList(code) {
  const d = await api('GET', '/api/events?section=' + encodeURIComponent(code));
  $('list-title').textContent = 'Actions de la section ' + d.section.code + ' — ' + d.section.name;
  $('new-link').hidden = !d.can_manage;
  $('new-link').href = '/static/events.html?new=' + encodeURIComponent(d.section.code);
  const ul = $('event-list');
  ul.textContent = '';
  for (const ev of d.events) ul.append(listItem(ev));
  $('list-view').hidden = false;
  say(d.events.length ? plural(d.events.length, 'action', 'actions') + ' (à venir d\'abord, puis celles du mois passé).'
    : 'Aucune action prévue pour le moment.');
}

function feedButtons() {
  $('feed-view').hidden = false;
  $('feed-button').addEventListener('click', async () => {
    try {
      const r = await api('POST', '/api/events/feed', {});
      $('feed-url').value = location.origin + r.url;
      $('feed-box').hidden = false;
      say('Nouveau lien d\'agenda créé : l\'ancien ne marche plus.');
    } catch (err) { say(err.message); }
  });
  $('feed-revoke').addEventListener('click', async () => {
    try {
      await api('POST', '/api/events/feed/revoke', {});
      $('feed-box').hidden = true;
      say('Lien d\'agenda désactivé.');
    } catch (err) { say(err.message); }
  });
}

// ---- one event
function showEventHead(ev) {
  $('ev-title').textContent = ev.title;
  $('ev-kind').textContent = ev.kind_label;
  $('ev-when').textContent = fmtWhen(ev.starts_at, ev.ends_at);
  $('ev-where').textContent = ev.address || (ev.bureau ? 'bureau ' + ev.bureau : '—');
  $('ev-targets').textContent = ev.targets.join(', ') || '—';
  $('ev-description').textContent = ev.description;
  $('ev-cancelled').hidden = !ev.cancelled;
  $('ics-link').href = ev.ics;
  $('back-link').href = '/static/events.html?section=' + encodeURIComponent(ev.section);
}

function showSignups(ev) {
  drawBar($('ev-bar'), ev);
  $('ev-count').textContent = countText(ev);
  const names = ev.visible || (ev.participants || []).filter((p) => !p.me && p.first_name).map((p) => p.first_name);
  const others = ev.signups - names.length - (ev.joined ? 1 : 0);
  const shown = (ev.joined ? ['Vous'] : []).concat(names).join(', ');
  $('ev-names').textContent = shown + (others > 0 ? (shown ? ' et ' : '') + plural(others, 'personne discrète', 'personnes discrètes') : '');
  const b = $('join-button');
  b.textContent = ev.joined ? 'Me désinscrire' : 'Je participe';
  b.className = 'big' + (ev.joined ? ' leave' : '');
  b.hidden = ev.cancelled || ev.past; // the server refuses them anyway: do not offer
}

// k: the rank of a hidden participant among the hidden ones of this list (their account
// number stays in the checkbox's data, not on the screen)
function personRow(p, ev, k) {
  const tr = el('tr');
  const name = p.hidden ? 'Participant·e discret·e ' + k : [p.first_name, p.last_name].filter(Boolean).join(' ') + (p.me ? ' (vous)' : '');
  tr.append(el('td', name), el('td', p.email || ''), el('td', p.phone || ''));
  const td = el('td');
  const box = el('input');
  box.type = 'checkbox';
  box.dataset.user = p.id;
  box.checked = p.attended === true;
  box.disabled = !ev.started || ev.cancelled;
  box.setAttribute('aria-label', 'Présent·e : ' + name);
  td.append(box);
  tr.append(td);
  return tr;
}

function showOrganiser(ev) {
  $('organiser').hidden = !ev.can_manage;
  if (!ev.can_manage) return;
  $('edit-link').href = '/static/events.html?edit=' + ev.id;
  $('cancel-button').disabled = ev.cancelled;
  $('people-title').textContent = 'Inscrit·e·s (' + ev.participants.length + ')';
  const tb = $('people-rows');
  tb.textContent = '';
  let hidden = 0;
  for (const p of ev.participants) tb.append(personRow(p, ev, p.hidden ? ++hidden : 0));
  const doors = $('doors-rows');
  doors.textContent = '';
  for (const code of ev.targets) {
    const label = el('label', code + ' ');
    const input = el('input');
    Object.assign(input, { type: 'number', min: 0, max: 100000 });
    input.dataset.bureau = code;
    input.value = ev.doors[code] !== undefined ? ev.doors[code] : '';
    input.disabled = !ev.started || ev.cancelled;
    label.append(input);
    doors.append(label);
  }
  $('doors-box').hidden = !ev.targets.length;
  $('attend-save').disabled = !ev.started || ev.cancelled;
  $('attend-note').textContent = ev.started ? (ev.attended + ' présent·e·s enregistré·e·s') : 'La présence se note après le début de l\'action.';
}

async function loadEvent(id) {
  const ev = await api('GET', '/api/events/' + id);
  showEventHead(ev);
  showSignups(ev);
  showOrganiser(ev);
  $('event-view').hidden = false;
  return ev;
}

function attendanceBody() {
  const attendance = {}, doors = {};
  for (const b of document.querySelectorAll('#people-rows input[data-user]')) attendance[b.dataset.user] = b.checked;
  for (const i of document.querySelectorAll('#doors-rows input[data-bureau]'))
    if (i.value !== '') doors[i.dataset.bureau] = Number(i.value);
  return { attendance, doors };
}

async function showEvent(id) {
  let ev = await loadEvent(id);
  say('');
  const act = (fn) => async (e) => {
    if (e) e.preventDefault();
    try { await fn(); ev = await loadEvent(id); } catch (err) { say(err.message); }
  };
  $('join-button').addEventListener('click', act(async () => {
    const r = await api('POST', `/api/events/${id}/${ev.joined ? 'leave' : 'join'}`, {});
    say(r.joined ? 'C\'est noté : vous participez. Merci !' : 'Vous êtes désinscrit·e.');
  }));
  $('cancel-button').addEventListener('click', act(async () => {
    if (!confirm('Annuler cette action ? Les inscrit·e·s la verront annulée.')) return;
    await api('POST', `/api/events/${id}/cancel`, {});
    say('Action annulée.');
  }));
  $('series-button').addEventListener('click', act(async () => {
    const n = Number($('series-count').value);
    const r = await api('POST', `/api/events/${id}/duplicate`, { count: n });
    say(plural(r.ids.length, 'action ajoutée', 'actions ajoutées') + ', une par semaine à la même heure.');
  }));
  $('attend-form').addEventListener('submit', act(async () => {
    const r = await api('POST', `/api/events/${id}/attendance`, attendanceBody());
    say('Enregistré : ' + r.attended + ' présent·e·s.');
  }));
  document.body.dataset.ready = 'event'; // the buttons answer from now on
}

// ---- the page: one action, the form (events-form.js), or the section's list
async function main() {
  let me;
  try { me = await api('GET', '/api/me'); } catch (err) { return; }
  const p = new URLSearchParams(location.search);
  try {
    if (p.get('id')) { feedButtons(); return await showEvent(Number(p.get('id'))); }
    if (p.get('new') || p.get('edit')) return await eventForm(p.get('new'), Number(p.get('edit')) || 0);
    const code = p.get('section') || (me.section && me.section.code);
    if (!code) { say('Vous n\'êtes rattaché·e à aucune section : ouvrez la page avec ?section=CODE.'); return; }
    feedButtons();
    await showList(code);
    document.body.dataset.ready = 'list';
  } catch (err) { say(err.message); }
}

main();
