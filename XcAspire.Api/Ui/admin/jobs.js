import { api, el, table, time } from '/admin/api.js';

const $ = (id) => document.getElementById(id);

async function load() {
  $('error').classList.add('hidden');
  try {
    const status = $('status').value;
    const jobs = await api(`jobs${status ? `?status=${status}` : ''}`);
    $('jobs').replaceChildren(jobs.length ? table(
      ['Meet', 'Summary', 'Status', 'Races', 'Rows', 'Created', 'Message', ''],
      jobs.map((j) => [
        el('a', { href: `/admin/meets/${j.meetId}` }, j.meetId),
        el('a', { href: `/admin/jobs/${j.jobId}`, 'data-job': j.jobId }, 'Summary'),
        j.status,
        `${j.progress_current}/${j.progress_total}`,
        `${j.results.read} read · ${j.results.inserted} new · ${j.results.rejected} rejected`,
        time(j.timings.createdAt),
        j.lastError ?? j.message ?? '',
        actions(j),
      ])) : el('p', { class: 'muted' }, 'No jobs.'));
    const seasons = await api('seasons?limit=20');
    $('seasons').replaceChildren(seasons.length ? table(
      ['Season', 'Status', 'Meets', 'Rows', 'Created', 'Message'],
      seasons.map((s) => [
        el('a', { href: `/admin/seasons/${s.seasonJobId}` }, `${s.teamName ?? `School ${s.schoolId}`} ${s.seasonYear}`),
        s.status,
        `${s.meetsByState.imported} imported of ${s.meets.length}`,
        `${s.results.read} read · ${s.results.inserted} new · ${s.results.rejected} rejected`,
        time(s.timings.createdAt),
        s.lastError ?? s.message ?? '',
      ])) : el('p', { class: 'muted' }, 'No season imports.'));
  } catch (e) {
    $('error').textContent = e.message;
    $('error').classList.remove('hidden');
  }
}

function actions(job) {
  const buttons = [];
  if (['pending', 'scraping', 'scraping_complete', 'importing'].includes(job.status)) {
    buttons.push(el('button', { class: 'secondary', onclick: () => act(`jobs/${job.jobId}/cancel`) }, 'Cancel'));
  }
  if (job.races.failed > 0 && !['cancelled', 'error'].includes(job.status)) {
    buttons.push(el('button', { class: 'secondary', onclick: () => act(`jobs/${job.jobId}/retry-failed`) }, 'Retry failed'));
  }
  return el('span', {}, buttons);
}

async function act(path) {
  try { await api(path, { method: 'POST' }); } catch (e) { $('error').textContent = e.message; $('error').classList.remove('hidden'); }
  await load();
}

$('status').addEventListener('change', load);
$('refresh').addEventListener('click', load);
load();
setInterval(load, 3000);
