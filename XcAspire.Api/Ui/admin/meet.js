import { api, el, table, counts, time } from '/admin/api.js';

const $ = (id) => document.getElementById(id);
const meetId = location.pathname.split('/').filter(Boolean).pop();
$('title').textContent = `Meet ${meetId}`;

async function load() {
  try {
    const view = await api(`meets/${meetId}/grain`);
    const m = view.meet;
    $('meet').replaceChildren(
      el('p', {}, `Job ${m.jobId} · ${m.status} · ${m.message ?? ''} · `, el('a', { href: `/admin/jobs/${m.jobId}` }, 'summary')),
      m.lastError ? el('p', { class: 'error' }, m.lastError) : null,
      counts(Object.entries(m.races).map(([k, v]) => [k, v, k])),
      counts(Object.entries(m.results).map(([k, v]) => [k.replace(/([A-Z])/g, ' $1').toLowerCase(), v, k])),
      el('p', { class: 'muted' }, `Created ${time(m.timings.createdAt)} · finished ${time(m.timings.finishedAt) || '—'} · meet step ${m.meetStep} (${m.meetStepRuns} run)`));
    $('races').replaceChildren(table(
      ['Race', 'Phase', 'Next step', 'Attempt', 'Ran on', 'Held by', 'Rows', 'Scraped', 'Imported', 'Last error'],
      view.races.map((r) => [
        `${r.raceId} ${r.title}`, r.phase, r.nextStep ? `${r.nextStep}${r.scheduledAt ? ` at ${time(r.scheduledAt)}` : ''}` : '', r.attempt,
        r.silo ?? '', r.activationSilo ?? '',
        `${r.rows.read} read · ${r.rows.inserted} new · ${r.rows.rejected} rejected`,
        time(r.timings.scrapeFinishedAt), time(r.timings.importFinishedAt),
        r.errors.length ? `${r.lastError ?? ''} (${r.errors.length} error(s); last on ${r.errors.at(-1).siloId})` : '',
      ])));
    const silos = await api('silos');
    $('silos').replaceChildren(table(['Silo', 'Host', 'Address', 'Status', 'Started', 'Last alive', 'Activations'],
      silos.map((s) => [s.name, s.host, s.address, s.status, time(s.startedAt), time(s.lastAliveAt), s.activations])));
    $('error').classList.add('hidden');
  } catch (e) {
    $('error').textContent = e.message;
    $('error').classList.remove('hidden');
  }
}

load();
setInterval(load, 3000);
