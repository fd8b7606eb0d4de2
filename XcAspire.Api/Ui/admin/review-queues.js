// The two review queues, each item resolvable in place: athletes matched with less than full
// certainty, and one athlete with two times in one race. Used by the review page and a job's summary.
import { api, el, table, raceTime } from '/admin/api.js';

const button = (label, resolution, onclick) =>
  el('button', { type: 'button', class: 'secondary', 'data-resolve': resolution, onclick }, label);

async function resolve(queue, item, resolution, reload, onError) {
  try {
    await api(`review/${queue}/${item.id}/resolve`, { method: 'POST', body: { resolution } });
    await reload();
  } catch (e) { onError(e.message); }
}

export async function renderAthleteQueue(container, { meetId = null, onError }) {
  const reload = () => renderAthleteQueue(container, { meetId, onError });
  const items = await api(`review/athletes${meetId ? `?meetId=${meetId}` : ''}`);
  const act = (item, resolution) => () => resolve('athletes', item, resolution, reload, onError);
  container.replaceChildren(items.length
    ? table(['Athlete', 'Possible match', 'School', 'Meet', 'Reason', ''], items.map((i) => [
      i.name2, i.name1 ?? '', i.schoolName, i.meetName ?? '', i.conflictType.replaceAll('_', ' '),
      el('div', { class: 'row' },
        i.athleteId2 ? button('Same person', 'same_person', act(i, 'same_person')) : null,
        button('Different people', 'different_people', act(i, 'different_people')),
        button('Ignore', 'ignored', act(i, 'ignored')))]))
    : el('p', { class: 'muted' }, 'No athlete to review.'));
}

export async function renderResultQueue(container, { meetId = null, onError }) {
  const reload = () => renderResultQueue(container, { meetId, onError });
  const items = await api(`review/results${meetId ? `?meetId=${meetId}` : ''}`);
  const act = (item, resolution) => () => resolve('results', item, resolution, reload, onError);
  container.replaceChildren(items.length
    ? table(['Athlete', 'Meet', 'Race', 'First time', 'Second time', 'Difference', ''], items.map((i) => [
      i.athleteName, i.meetName, i.raceName, raceTime(i.time1Cs), raceTime(i.time2Cs), raceTime(i.timeDifferenceCs),
      el('div', { class: 'row' },
        button('Keep first', 'keep_first', act(i, 'keep_first')),
        button('Keep second', 'keep_second', act(i, 'keep_second')),
        button('Keep both', 'keep_both', act(i, 'keep_both')),
        button('Ignore', 'ignored', act(i, 'ignored')))]))
    : el('p', { class: 'muted' }, 'No result to review.'));
}
