// The site's "to be processed" list: meet folders under the data root, each with Dry run and Import, and
// one button for every folder still waiting (the batch endpoint, import-folders).
import { api, el, table } from '/admin/api.js';

const $ = (id) => document.getElementById(id);
let folders = [];

function show(id, content) {
  $(id).replaceChildren(...[content].flat().filter(Boolean));
  $(id).classList.toggle('hidden', !content || (Array.isArray(content) && content.length === 0));
}

const jobLink = (jobId, label) => el('a', { href: `/admin/jobs/${jobId}` }, label);

async function load() {
  show('error', null);
  try {
    const list = await api('import-meet/folders');
    folders = list.folders;
    $('folders').replaceChildren(folders.length ? table(
      ['Folder', 'Meet', 'Date', 'Races', 'Rows', 'Status', ''],
      folders.map((f) => [
        f.directoryPath,
        f.meetId ? `${f.meetName} (${f.meetId})` : el('span', { class: 'state state-failed' }, f.error),
        f.date ?? '', f.races, f.rows,
        f.lastJobId ? jobLink(f.lastJobId, f.status.replaceAll('_', ' ')) : f.status,
        f.meetId ? el('div', { class: 'row nowrap' },
          el('button', { type: 'button', class: 'secondary', 'data-dry-run': f.directoryPath, onclick: () => dryRun(f) }, 'Dry run'),
          el('button', { type: 'button', 'data-import': f.directoryPath, onclick: () => importFolder(f) }, 'Import')) : '',
      ])) : el('p', { class: 'muted' }, 'No meet folder under the data root.'));
    if (list.truncated) show('notice', `Only the first ${folders.length} folders are listed.`);
    $('import-all').disabled = !folders.some((f) => f.meetId && f.status === 'waiting');
  } catch (e) {
    show('error', e.message);
  }
}

async function dryRun(folder) {
  show('error', null);
  try {
    const run = await api('import-meet/start-import', { method: 'POST', body: { directoryPath: folder.directoryPath, dryRun: true } });
    const r = run.results;
    show('notice', `Dry run of ${folder.directoryPath}: ${r.read} rows, ${r.inserted} would be inserted, ${r.already_present} already present, ` +
      `${r.updated} updated, ${r.rejected} rejected, ${r.flagged} flagged. Nothing was written.`);
  } catch (e) { show('error', e.message); }
}

async function importFolder(folder) {
  show('error', null);
  try {
    const job = await api('import-meet/start-import', { method: 'POST', body: { directoryPath: folder.directoryPath } });
    show('notice', ['Importing ', folder.directoryPath, ': ', jobLink(job.jobId, 'follow the job'), '.']);
    await load();
  } catch (e) {
    show('error', e.problem?.jobId ? [e.message, ' ', jobLink(e.problem.jobId, 'The active job.')] : e.message);
  }
}

$('import-all').addEventListener('click', async () => {
  show('error', null);
  const directoryPaths = folders.filter((f) => f.meetId && f.status === 'waiting').map((f) => f.directoryPath);
  try {
    const outcome = await api('import-meet/import-folders', { method: 'POST', body: { directoryPaths } });
    const failed = outcome.folders.filter((f) => f.error);
    show('notice', `${outcome.folders.length - failed.length} of ${outcome.folders.length} folders started.`);
    if (failed.length) show('error', failed.map((f) => el('p', {}, `${f.directoryPath}: ${f.error}`)));
    await load();
  } catch (e) { show('error', e.message); }
});

$('refresh').addEventListener('click', load);
load();
