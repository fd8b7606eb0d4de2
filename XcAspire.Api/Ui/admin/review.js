// Both review queues, every pending item of every meet.
import { renderAthleteQueue, renderResultQueue } from '/admin/review-queues.js';

const $ = (id) => document.getElementById(id);

function showError(message) {
  $('error').textContent = message;
  $('error').classList.toggle('hidden', !message);
}

try {
  await Promise.all([
    renderAthleteQueue($('athletes'), { onError: showError }),
    renderResultQueue($('results'), { onError: showError }),
  ]);
} catch (e) {
  showError(e.message);
}
