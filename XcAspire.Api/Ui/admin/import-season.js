// The import page's School Season mode: a school id (or a pasted team address) and a year, a preview
// of the season's meets with checkboxes, then one season job, followed on its own page.
import { api, el, table } from '/admin/api.js';

const $ = (id) => document.getElementById(id);

function showMode(season) {
  $('mode-meet').setAttribute('aria-selected', String(!season));
  $('mode-season').setAttribute('aria-selected', String(season));
  $('meet-mode').classList.toggle('hidden', season);
  $('season-mode').classList.toggle('hidden', !season);
}

$('mode-meet').addEventListener('click', () => showMode(false));
$('mode-season').addEventListener('click', () => showMode(true));

function showError(message, link = null) {
  $('season-error').replaceChildren(message, link ? ' ' : '', link ?? '');
  $('season-error').classList.toggle('hidden', !message);
}

// "7001", or an address such as https://www.athletic.net/team/7001/cross-country/2025 (its year fills the year box).
function readSchool() {
  const text = $('season-school').value.trim();
  const address = text.match(/\/team\/(\d+)(?:\/[^/?#]+\/(\d{4}))?/);
  if (address) {
    if (address[2] && !$('season-year').value.trim()) $('season-year').value = address[2];
    return address[1];
  }
  return /^\d{1,18}$/.test(text) ? text : null;
}

const plans = {
  import: 'to import',
  join_active_job: 'has a job running: joined',
  skip_already_imported: 'already imported',
  skip_no_results: 'no results posted',
  skip_upcoming: 'still to come',
};

let preview = null;

$('season-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  showError('');
  const schoolId = readSchool();
  const seasonYear = $('season-year').value.trim();
  if (!schoolId) { showError('Give the school\'s number, or paste its Athletic.net team address.'); return; }
  if (!/^\d{4}$/.test(seasonYear)) { showError('Give the season as a 4-digit year.'); return; }
  $('season-preview').disabled = true;
  try {
    preview = await api('season-preview', { method: 'POST', body: { schoolId, seasonYear } });
    renderPreview(preview);
  } catch (e) {
    $('season-meets-card').classList.add('hidden');
    showError(e.message);
  } finally {
    $('season-preview').disabled = false;
  }
});

function renderPreview(p) {
  $('season-title').textContent = `${p.teamName ?? `School ${p.schoolId}`} · ${p.seasonYear} season`;
  const withResults = p.meets.filter((m) => m.hasResults).length;
  $('season-note').textContent = `${p.meets.length} meets on the calendar, ${withResults} with results. ` +
    'Meets already imported are left out unless you tick them (they are then imported again).';
  $('season-meets').replaceChildren(table(['', 'Date', 'Meet', 'Id', 'Now'], p.meets.map((m) => [
    el('input', {
      type: 'checkbox', 'data-meet': m.meetId, 'aria-label': `Import ${m.name}`, onchange: countSelection,
      ...(m.plan === 'import' || m.plan === 'join_active_job' ? { checked: '' } : {}),
      ...(m.hasResults ? {} : { disabled: '' }),
    }),
    m.date ?? '', m.name, m.meetId,
    el('span', { class: `state state-${m.plan}` }, plans[m.plan] ?? m.plan),
  ])));
  $('season-meets-card').classList.remove('hidden');
  countSelection();
}

const checked = () => [...document.querySelectorAll('#season-meets input[data-meet]:checked')].map((c) => c.dataset.meet);

function countSelection() {
  const n = checked().length;
  $('season-selection').textContent = `${n} meet${n === 1 ? '' : 's'} checked`;
  $('season-start').disabled = n === 0;
}

$('season-start').addEventListener('click', async () => {
  showError('');
  const meetIds = checked();
  const reimport = preview.meets.some((m) => m.alreadyImported && meetIds.includes(m.meetId));
  // The meets the season would import anyway: sent as the whole season, so the skipped ones say why.
  const planned = preview.meets.filter((m) => m.plan === 'import' || m.plan === 'join_active_job').map((m) => m.meetId);
  const whole = !reimport && planned.length === meetIds.length && planned.every((id) => meetIds.includes(id));
  $('season-start').disabled = true;
  try {
    const started = await api('import-season', {
      method: 'POST', body: { schoolId: preview.schoolId, seasonYear: preview.seasonYear, meetIds: whole ? null : meetIds, reimport },
    });
    location.href = `/admin/seasons/${started.seasonJobId}`;
  } catch (e) {
    const running = e.problem?.seasonJobId;
    showError(e.message, running ? el('a', { href: `/admin/seasons/${running}` }, 'Follow the running import.') : null);
    $('season-start').disabled = false;
  }
});

if (new URLSearchParams(location.search).get('mode') === 'season') showMode(true);
