// delegations.js - the delegations page (web): a secretary lists their section's delegations,
// revokes one, grants a new one; federation staff list their federation's; a delegate sees
// what they hold and may hand part of it on (the server enforces the limits). Uses auth.js's api,
// $, say and row; data is inserted with textContent only.
'use strict';

const RIGHT_LABELS = { events: 'actions', results: 'résultats', members: 'adhérents', print: 'cartes' };

// The section (secretary) or federation (staff) the page is about.
function delegScope(me) {
  const p = new URLSearchParams(location.search);
  const sec = (me.roles || []).find((r) => r.role === 'secretary');
  const section = p.get('section') || (sec && sec.scope) || null;
  const federation = p.get('federation') || (section ? null : me.federation_staff);
  return { section, federation };
}

function delegRow(tb, d, reload) {
  row(tb, [d.id, d.section, d.grantee, d.rights.split(',').map((r) => RIGHT_LABELS[r] || r).join(', '),
    d.expires_at.slice(0, 10), { active: 'active', held: 'reçue', revoked: 'retirée', expired: 'expirée' }[d.state] || d.state]);
  const td = document.createElement('td');
  if (d.state === 'active') {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = 'Retirer';
    b.addEventListener('click', async () => {
      try {
        await api('POST', '/api/delegations/' + d.id + '/revoke', {});
        say('Délégation ' + d.id + ' retirée.');
        await reload();
      } catch (err) { say(err.message); }
    });
    td.appendChild(b);
  }
  tb.lastChild.appendChild(td);
}

async function pageDelegations() {
  let me;
  try { me = await api('GET', '/api/me'); } catch (err) { return; }
  const scope = delegScope(me);
  let held = null; // a delegate: the delegations they hold (they may hand part of them on)
  if (!scope.section && !scope.federation) {
    held = (await api('GET', '/api/delegations')).held;
    if (!held.length) { say('Cette page est réservée aux secrétaires de section et à leurs délégués.'); return; }
    scope.section = held[0].section;
  }
  const base = scope.section ? '/api/sections/' + encodeURIComponent(scope.section)
                             : '/api/federations/' + encodeURIComponent(scope.federation);
  $('deleg-title').textContent = (held ? 'Mes délégations — section ' : 'Délégations — ')
    + (scope.section ? (held ? '' : 'section ') + scope.section : 'fédération ' + scope.federation);
  if (!scope.section) $('deleg-form').hidden = true;
  const reload = async () => {
    try {
      const r = held ? { delegations: (await api('GET', '/api/delegations')).held.map((d) => ({ ...d, state: 'held' })) }
                     : await api('GET', base + '/delegations');
      const tb = $('deleg-rows');
      tb.textContent = '';
      for (const d of r.delegations) delegRow(tb, d, reload);
    } catch (err) { say(err.message); }
  };
  $('deleg-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const rights = [...document.querySelectorAll('input[name=right]:checked')].map((c) => c.value);
    try {
      const r = await api('POST', base + '/delegations',
        { grantee: $('deleg-grantee').value.trim(), rights: rights.join(','), until: $('deleg-until').value });
      say('Délégation ' + r.id + ' accordée.');
      await reload();
    } catch (err) { say(err.message); }
  });
  await reload();
}

if (document.body.dataset.page === 'delegations') pageDelegations();
