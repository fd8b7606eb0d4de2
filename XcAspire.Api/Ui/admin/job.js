// A job's summary, reachable again after the wizard: what the job did, its reconciliation, the rows to
// look at and the meet's review items. A job still running shows its progress until it ends.
import { api } from '/admin/api.js';
import { renderSummary } from '/admin/summary.js';

const $ = (id) => document.getElementById(id);
const jobId = location.pathname.split('/').filter(Boolean).pop();
const active = ['pending', 'scraping', 'scraping_complete', 'importing'];

function showError(message) {
  $('error').textContent = message;
  $('error').classList.toggle('hidden', !message);
}

async function load() {
  try {
    const status = await api(`import-meet/status/${jobId}`);
    $('title').textContent = `Job of meet ${status.meetId} (${status.kind}${status.directoryPath ? `, ${status.directoryPath}` : ''})`;
    await renderSummary(status, showError);
    if (active.includes(status.status)) setTimeout(load, 3000);
  } catch (e) {
    showError(e.message);
  }
}

load();
