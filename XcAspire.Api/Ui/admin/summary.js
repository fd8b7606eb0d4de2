// A finished job's summary: counts, reconciliation, the rows a person may need to look at (with the
// athlete's name), and the meet's review items. The wizard's last step and the job page both show it,
// in elements with the same ids.
import { api, el, table, counts, raceTime } from '/admin/api.js';
import { renderAthleteQueue, renderResultQueue } from '/admin/review-queues.js';

const $ = (id) => document.getElementById(id);

export async function renderSummary(status, onError) {
  $('summary-status').textContent = `${status.status.replaceAll('_', ' ')} — ${status.message}`;
  const r = status.results;
  $('summary-counts').replaceChildren(counts([
    ['rows read', r.read, 'read'], ['inserted', r.inserted, 'inserted'], ['already present', r.already_present, 'already_present'],
    ['updated', r.updated, 'updated'], ['rejected', r.rejected, 'rejected'], ['flagged for review', r.flagged, 'flagged'],
  ]));
  $('grain-link').href = `/admin/meets/${status.meetId}`;
  try {
    const report = await api(`jobs/${status.jobId}/reconciliation`);
    const items = report.categories.flatMap((c) => c.items);
    $('reconciliation').replaceChildren(
      counts(report.categories.map((c) => [c.category.replaceAll('_', ' '), c.count, c.category])),
      items.length ? table(['Category', 'Athlete', 'Race', 'Time', 'Detail'],
        items.slice(0, 200).map((i) => [i.category.replaceAll('_', ' '), i.athleteName, i.raceId, raceTime(i.timeCs), i.detail ?? '']))
        : el('p', { class: 'muted' }, 'Source and database agree row for row.'));
  } catch (e) {
    $('reconciliation').replaceChildren(el('p', { class: 'muted' }, e.status === 404 ? e.message : `Not loaded: ${e.message}`));
  }
  try {
    const issues = await api(`jobs/${status.jobId}/outcomes`);
    $('row-issues').replaceChildren(issues.rows.length
      ? table(['Outcome', 'Race', 'Athlete', 'Time', 'Source', 'Reason'], issues.rows.slice(0, 200).map((i) => [
        i.outcome + (i.flagged ? ' (flagged)' : ''), i.raceId ?? '', i.athleteName ?? '',
        i.oldTimeCs !== null && i.oldTimeCs !== undefined ? `${raceTime(i.oldTimeCs)} → ${raceTime(i.timeCs)}` : raceTime(i.timeCs),
        `${i.sourceFile}:${i.sourceLine}`, i.reason ?? '']))
      : el('p', { class: 'muted' }, 'No rejected or corrected rows.'));
    await renderAthleteQueue($('review'), { meetId: status.meetId, onError });
    await renderResultQueue($('review-results'), { meetId: status.meetId, onError });
  } catch (e) {
    onError(`The summary could not be loaded: ${e.message}`);
  }
}
