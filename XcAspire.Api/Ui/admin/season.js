// One season import as a whole: its state, its meets by state, the rows of all their jobs, and each
// meet with a link to its job's summary. Follows the season's stream (or polls) until it ends.
import { api, follow, el, table, counts } from '/admin/api.js';

const $ = (id) => document.getElementById(id);
const seasonJobId = location.pathname.split('/').filter(Boolean).pop();
const active = ['discovering', 'running'];
const open = ['pending', 'starting', 'running'];
const words = (name) => name.replaceAll('_', ' ');

function showError(message) {
  $('error').textContent = message;
  $('error').classList.toggle('hidden', !message);
}

function render(s) {
  $('title').textContent = `${s.teamName ?? `School ${s.schoolId}`} · ${s.seasonYear} season`;
  $('season-status').textContent = words(s.status);
  $('season-status').className = `state state-${s.status}`;
  $('season-message').textContent = s.message ?? '';
  const counted = s.meets.filter((m) => m.state !== 'not_selected');
  const done = counted.filter((m) => !open.includes(m.state)).length;
  $('season-bar').style.width = `${counted.length ? Math.round((100 * done) / counted.length) : 0}%`;
  $('season-states').replaceChildren(counts(Object.entries(s.meetsByState).filter(([, n]) => n > 0).map(([state, n]) => [words(state), n, state])));
  const r = s.results;
  $('season-results').replaceChildren(counts([
    ['rows read', r.read, 'read'], ['inserted', r.inserted, 'inserted'], ['already present', r.already_present, 'already_present'],
    ['updated', r.updated, 'updated'], ['rejected', r.rejected, 'rejected'], ['flagged for review', r.flagged, 'flagged'],
  ]));
  $('season-errors').replaceChildren(...s.errors.map((e) => el('p', { class: 'error' }, e)));
  $('cancel').classList.toggle('hidden', !active.includes(s.status));
  $('season-meets').replaceChildren(table(['Date', 'Meet', 'State', 'Job', 'Races', 'Rows', 'Note'], s.meets.map((m) => [
    m.date ?? '',
    el('a', { href: `/admin/meets/${m.meetId}` }, `${m.name} (${m.meetId})`),
    el('span', { class: `state state-${m.state}`, 'data-state': m.state, 'data-meet': m.meetId }, words(m.state)),
    m.jobId ? el('a', { href: `/admin/jobs/${m.jobId}` }, m.jobStatus ? words(m.jobStatus) : 'job') : '',
    m.races ? `${m.races.imported}/${Object.values(m.races).reduce((a, b) => a + b, 0)}` : '',
    m.results ? `${m.results.read} read · ${m.results.inserted} new` : '',
    (m.attached ? 'joined its running job. ' : '') + (m.message ?? ''),
  ])));
}

let stop = follow(`seasons/${seasonJobId}`, 'season', (s, error) => {
  if (error) { showError(`Lost contact with the API: ${error.message}. Still trying every 3 s.`); return; }
  showError('');
  render(s);
  if (!active.includes(s.status)) stop?.();
});

$('cancel').addEventListener('click', async () => {
  try {
    render(await api(`seasons/${seasonJobId}/cancel`, { method: 'POST' }));
    stop?.();
    stop = null;
  } catch (e) { showError(e.message); }
});
