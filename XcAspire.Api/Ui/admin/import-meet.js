import { api, followJob, el, table } from '/admin/api.js';
import { renderSummary } from '/admin/summary.js';

const $ = (id) => document.getElementById(id);
const state = { meetId: null, metadata: null, jobId: null, stop: null };

function showStep(step) {
  for (const li of $('steps').children) {
    const n = Number(li.dataset.step);
    li.className = n === step ? 'current' : n < step ? 'done' : '';
  }
  for (const panel of document.querySelectorAll('[data-panel]')) panel.classList.toggle('hidden', Number(panel.dataset.panel) !== step);
}

function showError(message, canRetry = false) {
  $('error-text').textContent = message;
  $('error').classList.toggle('hidden', !message);
  $('retry').classList.toggle('hidden', !canRetry);
}

$('meet-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  showError('');
  const meetId = $('meet-id').value.trim();
  $('fetch').disabled = true;
  try {
    state.metadata = await api('import-meet/fetch-metadata', { method: 'POST', body: { meetId } });
    state.meetId = meetId;
    renderMetadata(state.metadata);
    showStep(2);
  } catch (e) {
    showError(e.message);
  } finally {
    $('fetch').disabled = false;
  }
});

function renderMetadata(m) {
  $('meet-title').textContent = m.meet.name;
  $('meet-details').textContent = `${m.meet.date} · season ${m.meet.seasonYear} · ${m.venue?.name ?? 'venue unknown'}` +
    (m.venue?.city ? ` (${m.venue.city}${m.venue.state ? ', ' + m.venue.state : ''})` : '') + ` · ${m.races.length} races`;

  const select = $('venue-select');
  select.replaceChildren(
    ...m.suggestedVenues.map((v) => el('option', { value: v.id }, `${v.name}${v.city ? ' — ' + v.city : ''}`)),
    el('option', { value: 'new' }, `Create a new venue${m.venue ? ': ' + m.venue.name : ''}`));
  $('venue-hint').textContent = m.suggestedVenues.length ? 'Matches already in the database' : 'No match in the database yet';
  $('venue-name').value = m.venue?.name ?? '';
  $('venue-city').value = m.venue?.city ?? '';
  $('venue-state').value = m.venue?.state ?? '';
  const onVenue = () => $('new-venue').classList.toggle('hidden', select.value !== 'new');
  select.onchange = onVenue;
  onVenue();

  $('courses').replaceChildren(table(['Distance', 'Course', 'Difficulty (new course)'], m.courses.map((c, i) => [
    `${c.distanceMeters} m`,
    el('select', { id: `course-${i}`, 'data-distance': c.distanceMeters },
      ...c.suggestions.map((s) => el('option', { value: s.id }, `${s.name} (${s.venueName}, ${s.distanceMeters} m)`)),
      el('option', { value: 'new' }, `New course: ${c.name}`)),
    el('input', { id: `difficulty-${i}`, type: 'number', step: '0.001', min: '0.6', max: '2.9', placeholder: 'unrated' }),
  ])));
  $('races').replaceChildren(table(['Race', 'Gender', 'Distance', 'Type'],
    m.races.map((r) => [r.title, r.gender, `${r.distanceMeters} m`, r.raceType])));
}

$('back').addEventListener('click', () => { showError(''); showStep(1); });

$('start-scrape').addEventListener('click', async () => {
  showError('');
  const m = state.metadata;
  const venueChoice = $('venue-select').value;
  const metadata = {
    venue: venueChoice === 'new'
      ? { name: $('venue-name').value.trim(), city: $('venue-city').value.trim() || null, state: $('venue-state').value.trim() || null }
      : { venueId: venueChoice },
    courses: m.courses.map((c, i) => {
      const choice = $(`course-${i}`).value;
      const difficulty = $(`difficulty-${i}`).value;
      return choice === 'new'
        ? { distanceMeters: c.distanceMeters, name: c.name, difficultyRating: difficulty ? Number(difficulty) : null }
        : { distanceMeters: c.distanceMeters, courseId: choice };
    }),
  };
  $('start-scrape').disabled = true;
  try {
    const job = await api('import-meet/start-scrape', { method: 'POST', body: { meetId: state.meetId, metadata } });
    state.jobId = job.jobId;
    showStep(3);
    follow();
  } catch (e) {
    showError(e.problem?.jobId ? `${e.message} (job ${e.problem.jobId})` : e.message);
  } finally {
    $('start-scrape').disabled = false;
  }
});

$('retry').addEventListener('click', async () => {
  showError('');
  try {
    await api(`jobs/${state.jobId}/retry-failed`, { method: 'POST' });
    follow();
  } catch (e) {
    showError(e.message);
  }
});

function bar(id, status) {
  const pct = status.progress_total ? Math.round((100 * status.progress_current) / status.progress_total) : 0;
  $(id).style.width = `${pct}%`;
}

function follow() {
  state.stop?.();
  let importRequested = false;
  state.stop = followJob(state.jobId, async (status, error) => {
    if (error) { showError(`Lost contact with the API: ${error.message}. Still trying every 3 s.`); return; }
    const scraping = ['pending', 'scraping', 'scraping_complete'].includes(status.status);
    if (scraping) {
      showStep(3);
      bar('scrape-bar', status);
      $('scrape-message').textContent = `${status.message} (${status.progress_current}/${status.progress_total})`;
    }
    if (status.status === 'scraping_complete') {
      if (status.races.failed > 0) {
        showError(`${status.races.failed} race(s) could not be scraped: ${status.lastError ?? 'see the job'}. Retry them, or import what was scraped.`, true);
      }
      if (!importRequested && status.races.failed === 0) {
        importRequested = true;
        try { await api('import-meet/start-import', { method: 'POST', body: { jobId: state.jobId } }); } catch (e) { showError(e.message); }
      }
    }
    if (status.status === 'importing') {
      showStep(4);
      bar('import-bar', status);
      $('import-message').textContent = `${status.message} (${status.progress_current}/${status.progress_total})`;
    }
    if (['importing_complete', 'completed_with_errors', 'error', 'cancelled'].includes(status.status)) {
      state.stop?.();
      if (status.status !== 'importing_complete') {
        showError(`${status.status.replaceAll('_', ' ')}: ${status.lastError ?? status.message}`, status.status === 'completed_with_errors');
      }
      if (status.status === 'error' && status.races.imported === 0) return;
      showStep(5);
      await renderSummary(status, showError);
    }
  });
}

const fromQuery = new URLSearchParams(location.search).get('meetId');
if (fromQuery) $('meet-id').value = fromQuery;
showStep(1);
