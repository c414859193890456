// auth.js - login, profile, section and federation pages (web). No inline script: each page
// names itself in <body data-page>. Data is inserted with textContent only, never as HTML.
'use strict';

const $ = (id) => document.getElementById(id);

// Every call carries the custom header the server requires on state-changing requests.
async function api(method, path, body) {
  const opt = { method, credentials: 'same-origin', headers: { 'X-Requested-With': 'coopmap' } };
  if (body !== undefined) {
    opt.headers['Content-Type'] = 'application/json';
    opt.body = JSON.stringify(body);
  }
  const r = await fetch(path, opt);
  const data = await r.json().catch(() => ({}));
  if (r.status === 401 && document.body.dataset.page !== 'login') {
    location.href = '/static/login.html';
    throw new Error('not logged in');
  }
  if (!r.ok) throw new Error((data.error && data.error.message) || ('HTTP ' + r.status));
  return data;
}

function say(text) { $('message').textContent = text; }

function row(tbody, cells) {
  const tr = document.createElement('tr');
  for (const c of cells) {
    const td = document.createElement('td');
    td.textContent = c === null || c === undefined ? '' : String(c);
    tr.appendChild(td);
  }
  tbody.appendChild(tr);
}

function link(nav, href, text) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  nav.appendChild(a);
  nav.appendChild(document.createTextNode(' '));
}

// Navigation by role; the map opens on the user's section.
function navigation(me) {
  const nav = $('nav');
  if (!nav) return;
  link(nav, me.section ? '/#section=' + encodeURIComponent(me.section.code) : '/', 'Carte');
  link(nav, '/static/profile.html', 'Mon profil');
  if (me.section) link(nav, '/static/section.html', 'Ma section');
  // the section's actions: join them; organisers create, edit and record them there
  if (me.section || me.federation_staff) link(nav, '/static/events.html', 'Actions');
  // secretaries grant and revoke there; a delegate sees what they hold and until when
  if (me.section || me.federation_staff) link(nav, '/static/delegations.html', 'Délégations');
  if (me.federation_staff) link(nav, '/static/federation.html', 'Fédération');
  if (me.section || me.federation_staff) link(nav, '/static/near.html', 'Actions près de chez moi');
}

function logoutButton() {
  const b = $('logout');
  if (b) b.addEventListener('click', async () => {
    await api('POST', '/api/logout', {}).catch(() => {});
    location.href = '/static/login.html';
  });
}

async function pageLogin() {
  const m = /[#&]link=([A-Za-z0-9_-]{43})/.exec(location.hash);
  if (m) {
    $('login-form').hidden = true;
    $('link-form').hidden = false;
    $('link-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api('POST', '/api/link', { token: m[1], password: $('link-password').value });
        history.replaceState(null, '', location.pathname); // the link is spent: drop it
        location.href = '/static/profile.html';
      } catch (err) { say(err.message); }
    });
    return;
  }
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('POST', '/api/login', { email: $('login-email').value, password: $('login-password').value });
      location.href = '/static/profile.html';
    } catch (err) { say(err.message); }
  });
}

function showProfile(me) {
  $('me-name').textContent = [me.first_name, me.last_name].filter(Boolean).join(' ');
  $('me-email').textContent = me.email;
  $('me-no').textContent = me.member_no || '—';
  $('me-section').textContent = me.section ? me.section.code + ' — ' + me.section.name : '—';
  $('me-roles').textContent = me.roles.map((r) => r.role + (r.scope ? ' ' + r.scope : '')).join(', ') || 'adhérent·e';
  for (const input of document.querySelectorAll('input[name=visibility]')) input.checked = input.value === me.visibility;
}

async function pageProfile(me) {
  showProfile(me);
  $('visibility-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = document.querySelector('input[name=visibility]:checked');
    if (!v) return;
    try {
      showProfile(await api('POST', '/api/me', { visibility: v.value }));
      say('Enregistré.');
    } catch (err) { say(err.message); }
  });
}

async function pageSection(me) {
  const code = new URLSearchParams(location.search).get('code') || (me.section && me.section.code);
  if (!code) { say("Vous n'êtes rattaché·e à aucune section."); return; }
  const load = async () => {
    const q = $('member-q').value.trim();
    try {
      const d = await api('GET', '/api/sections/' + encodeURIComponent(code) + '/members' + (q ? '?q=' + encodeURIComponent(q) : ''));
      $('section-title').textContent = d.section.code + ' — ' + d.section.name;
      $('section-territory').textContent = 'Communes : ' + (d.section.communes || '—') + ' ; bureaux : ' + (d.section.bureaux || '—');
      const tb = $('member-rows');
      tb.textContent = '';
      for (const m of d.members)
        row(tb, [m.member_no, m.last_name, m.first_name, m.email, m.phone, m.visibility, (m.roles || []).join(', ')]);
      say(d.members.length + ' adhérent·e·s visibles');
    } catch (err) { say(err.message); }
  };
  let timer = null;
  $('member-q').addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(load, 250); });
  await load();
}

const codes = (s) => s.split(/[\s,;]+/).filter(Boolean);

async function pageFederation(me) {
  const code = new URLSearchParams(location.search).get('code') || me.federation_staff;
  if (!code) { say("Cette page est réservée aux équipes fédérales."); return; }
  const load = async () => {
    try {
      const f = await api('GET', '/api/federations/' + encodeURIComponent(code));
      $('fed-title').textContent = 'Fédération ' + f.code;
      const tb = $('section-rows');
      tb.textContent = '';
      for (const s of f.sections) row(tb, [s.code, s.name, s.members, s.communes, s.bureaux]);
      const a = await api('GET', '/api/federations/' + encodeURIComponent(code) + '/audit?limit=200');
      const ab = $('audit-rows');
      ab.textContent = '';
      for (const r of a.audit) row(ab, [new Date(r.at * 1000).toISOString().slice(0, 19), r.actor || 'ligne de commande', r.subject, r.action, r.via]);
    } catch (err) { say(err.message); }
  };
  $('section-add').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('POST', '/api/federations/' + encodeURIComponent(code) + '/sections', { code: $('new-code').value.trim(), name: $('new-name').value.trim() });
      say('Section ajoutée.');
      await load();
    } catch (err) { say(err.message); }
  });
  $('territory-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('POST', '/api/sections/' + encodeURIComponent($('terr-code').value.trim()) + '/territory',
        { communes: codes($('terr-communes').value), bureaux: codes($('terr-bureaux').value) });
      say('Territoire enregistré.');
      await load();
    } catch (err) { say(err.message); }
  });
  await load();
}

async function main() {
  const page = document.body.dataset.page;
  logoutButton();
  if (page === 'login') return pageLogin();
  let me;
  try { me = await api('GET', '/api/me'); } catch (err) { return; }
  navigation(me);
  if (page === 'profile') return pageProfile(me);
  if (page === 'section') return pageSection(me);
  if (page === 'federation') return pageFederation(me);
}

main();
