// The Vidgan gallery: plain ES modules, no build step and no CDN. Every page renders from the REST API (/api/v1).
const view = document.getElementById('view');
const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false)
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

function toast(text) {
  const t = document.getElementById('toast');
  t.textContent = text;
  t.classList.add('show');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => t.classList.remove('show'), 2500);
}

// Every state-changing request carries the CSRF header that the server requires of cookie-authenticated browsers.
async function api(path, { method = 'GET', body, raw } = {}) {
  const headers = {};
  if (method !== 'GET') headers['X-Vidgan-Csrf'] = '1';
  let payload = body;
  if (body !== undefined && !(body instanceof FormData)) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch('/api/v1' + path, { method, headers, body: payload, credentials: 'same-origin' });
  if (res.status === 401) { signIn(); throw new Error('sign in first'); }
  if (!res.ok) {
    let detail = res.statusText;
    try { detail = (await res.json()).detail || detail; } catch { /* not JSON */ }
    toast(detail);
    throw new Error(detail);
  }
  if (raw) return res;
  return res.status === 204 ? null : res.json();
}

function signIn() {
  const dialog = document.getElementById('sign-in');
  if (!dialog.open) dialog.showModal();
}

document.getElementById('sign-in-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const key = e.target.key.value.trim();
  const res = await fetch('/api/v1/session', {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Vidgan-Csrf': '1' },
    body: JSON.stringify({ key }),
  });
  if (!res.ok) { $('#sign-in-error').textContent = (await res.json()).detail; return; }
  document.getElementById('sign-in').close();
  route();
});

const score = (s) => (s === null || s === undefined ? '' : s.toFixed(2));
const poster = (id) => `/api/v1/assets/${id}/poster`;
const preview = (id) => `/api/v1/assets/${id}/preview`;
const playable = (a) => ['mp4', 'webm'].includes(a.format) ? `/api/v1/assets/${a.id}/file` : preview(a.id);

function go(url) { history.pushState(null, '', url); route(); }

document.addEventListener('click', (e) => {
  const a = e.target.closest('a');
  if (!a || a.target || e.ctrlKey || e.metaKey || e.shiftKey) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api') || url.pathname.startsWith('/scalar')) return;
  e.preventDefault();
  go(url.pathname + url.search);
});
window.addEventListener('popstate', route);

// ---- library (gallery grid) ------------------------------------------------------------------------------

const FILTERS = ['q', 'source', 'class', 'split', 'tag', 'min_score', 'review', 'run', 'collection', 'sort'];
let listState = null;

async function libraryPage() {
  const params = new URLSearchParams(location.search);
  const select = (name, options) => h('select', { name, 'aria-label': name },
    options.map(([v, label]) => h('option', { value: v, selected: params.get(name) === v ? true : null }, label)));
  const input = (name, placeholder, attrs = {}) =>
    h('input', { name, placeholder, value: params.get(name) || '', 'aria-label': name, ...attrs });
  const form = h('form', { class: 'filters', id: 'filters' },
    input('q', 'search name or tag', { type: 'search' }),
    select('source', [['', 'real and generated'], ['generated', 'generated'], ['real', 'real']]),
    input('class', 'class', { size: 8 }),
    select('split', [['', 'any split'], ['train', 'train'], ['test', 'test']]),
    input('tag', 'tag', { size: 8 }),
    input('min_score', 'min score', { type: 'number', step: '0.05', min: 0, max: 1, style: 'width:7em' }),
    select('review', [['', 'any review'], ['kept', 'kept'], ['rejected', 'rejected']]),
    input('run', 'run id', { size: 5 }),
    input('collection', 'collection id', { size: 5 }),
    select('sort', [['id', 'oldest first'], ['created', 'newest first'], ['score', 'best score'], ['name', 'name']]));
  form.addEventListener('input', debounce(() => {
    const next = new URLSearchParams();
    for (const f of FILTERS) { const v = form.elements[f].value.trim(); if (v && !(f === 'sort' && v === 'id')) next.set(f, v); }
    history.replaceState(null, '', '/' + (next.toString() ? '?' + next : ''));
    loadGrid(true);
  }, 250));
  form.addEventListener('submit', (e) => e.preventDefault());
  const toolbar = h('div', { class: 'toolbar', id: 'toolbar' });
  const grid = h('div', { class: 'grid', id: 'grid' });
  const sentinel = h('div', { id: 'more', class: 'hint' }, '');
  view.replaceChildren(h('h1', {}, 'Library'), form, toolbar,
    h('p', { class: 'hint' }, 'Hover to play. Keys: arrows move, Enter opens, K keep, R reject, T tag, X select, ',
      'C compare the selection.'), grid, sentinel);
  listState = { cursor: null, done: false, loading: false, selected: new Set(), ids: [], generation: 0 };
  new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) loadGrid(false); }).observe(sentinel);
  await loadGrid(true);
}

// Near the end of the list, fetch the next page: on scroll as well as through the observer, which only reports
// changes and so misses a sentinel that moved out of sight and back between two of its checks.
function nearEnd() {
  const more = $('#more');
  return more && more.getBoundingClientRect().top < innerHeight + 300;
}
window.addEventListener('scroll', () => { if (listState && !listState.done && nearEnd()) loadGrid(false); }, { passive: true });

function debounce(fn, ms) { let t; return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); }; }

async function loadGrid(reset) {
  const s = listState;
  // A new filter always starts over; a page that was on its way for the old one is dropped when it arrives.
  if (!s || (!reset && (s.loading || s.done))) return;
  const generation = reset ? ++s.generation : s.generation;
  s.loading = true;
  if (reset) { s.cursor = null; s.done = false; s.ids = []; $('#grid').replaceChildren(); }
  const params = new URLSearchParams(location.search);
  if (!params.has('limit')) params.set('limit', '48');
  if (s.cursor) params.set('cursor', s.cursor);
  try {
    const page = await api('/assets?' + params);
    if (generation !== s.generation) return;
    for (const a of page.items) { $('#grid').append(card(a)); s.ids.push(a.id); }
    s.cursor = page.next_cursor;
    s.done = !page.next_cursor;
    sessionStorage.setItem('vidgan-list', JSON.stringify(s.ids));
    $('#more').textContent = s.done ? (s.ids.length ? `${s.ids.length} assets` : '') : 'loading more…';
    if (!s.ids.length) $('#grid').replaceChildren(h('p', { class: 'empty' }, 'No assets match these filters.'));
  } finally { if (generation === s.generation) s.loading = false; }
  updateToolbar();
  // The observer only reports changes: while the end of the list is still in sight after a page, fetch the next.
  if (!s.done && nearEnd()) requestAnimationFrame(() => loadGrid(false));
}

function card(a) {
  const img = h('img', { class: 'media', src: poster(a.id), alt: a.name, loading: 'lazy' });
  const el = h('div', { class: 'card' + (a.review === 'rejected' ? ' rejected' : ''), tabindex: 0,
      dataset: { id: a.id }, 'aria-label': a.name },
    img,
    h('div', { class: 'flags' },
      a.source === 'generated' ? h('span', { class: 'badge synthetic' }, 'synthetic') : h('span', { class: 'badge' }, 'real'),
      a.review ? h('span', { class: 'badge ' + a.review }, a.review) : null),
    h('div', { class: 'info' }, h('span', { class: 'name' }, a.name),
      h('span', {}, a.class ? h('span', { class: 'badge' }, a.class) : null, ' ', score(a.score))));
  el.addEventListener('mouseenter', () => {
    const video = h('video', { class: 'media', src: preview(a.id), autoplay: true, muted: true, loop: true,
      playsinline: true, poster: poster(a.id) });
    video.muted = true;
    img.replaceWith(video);
    el.video = video;
  });
  el.addEventListener('mouseleave', () => { if (el.video) { el.video.replaceWith(img); el.video = null; } });
  el.addEventListener('click', (e) => {
    if (e.shiftKey || e.ctrlKey || e.metaKey) { toggleSelect(el); return; }
    go(`/assets/${a.id}`);
  });
  el.asset = a;
  return el;
}

function toggleSelect(el) {
  const id = Number(el.dataset.id);
  if (listState.selected.has(id)) listState.selected.delete(id); else listState.selected.add(id);
  el.classList.toggle('selected');
  updateToolbar();
}

function updateToolbar() {
  const bar = $('#toolbar');
  if (!bar || !listState) return;
  const ids = [...listState.selected];
  if (!ids.length) { bar.replaceChildren('Shift-click or X selects clips to compare, collect or export.'); return; }
  bar.replaceChildren(`${ids.length} selected`,
    h('button', { onclick: () => go('/compare?ids=' + ids.join(',')) }, 'Compare'),
    h('a', { href: '/api/v1/export.zip?ids=' + ids.join(','), download: 'vidgan-export.zip', id: 'export',
      target: '_self' }, h('button', {}, 'Export ZIP')),
    h('button', { onclick: () => addToCollection(ids) }, 'Add to collection…'),
    h('button', { onclick: () => { listState.selected.clear(); $$('.card.selected').forEach((c) => c.classList.remove('selected')); updateToolbar(); } }, 'Clear'));
}

async function addToCollection(ids) {
  const collections = await api('/collections');
  const name = prompt('Collection name (new or existing):\n' + collections.map((c) => c.name).join('\n'));
  if (!name) return;
  let c = collections.find((x) => x.name === name.trim());
  if (!c) c = await api('/collections', { method: 'POST', body: { name } });
  await api(`/collections/${c.id}/assets`, { method: 'POST', body: { ids } });
  toast(`added ${ids.length} to ${c.name}`);
}

async function review(id, verdict, el) {
  const a = await api(`/assets/${id}/review`, { method: 'PUT', body: { review: verdict } });
  toast(`${a.name}: ${verdict}`);
  return a;
}

async function addTag(id) {
  const tag = prompt('Tag');
  if (!tag) return null;
  const a = await api(`/assets/${id}/tags`, { method: 'POST', body: { tags: [tag] } });
  toast(`${a.name}: tagged ${tag}`);
  return a;
}

function gridKeys(e) {
  const cards = $$('.card');
  const current = document.activeElement?.closest?.('.card');
  const i = cards.indexOf(current);
  const columns = Math.max(1, Math.round($('#grid').clientWidth / (cards[0]?.clientWidth || 180)));
  const move = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns }[e.key];
  if (move !== undefined) {
    e.preventDefault();
    const next = cards[Math.min(cards.length - 1, Math.max(0, (i < 0 ? 0 : i + move)))];
    next?.focus();
    next?.scrollIntoView({ block: 'nearest' });
    return;
  }
  if (!current) return;
  const id = Number(current.dataset.id);
  const key = e.key.toLowerCase();
  if (e.key === 'Enter') go(`/assets/${id}`);
  else if (key === 'x') toggleSelect(current);
  else if (key === 'c' && listState.selected.size) go('/compare?ids=' + [...listState.selected].join(','));
  else if (key === 'k' || key === 'r') {
    review(id, key === 'k' ? 'kept' : 'rejected').then((a) => {
      const fresh = card(a); current.replaceWith(fresh); fresh.focus();
      cards[i + 1]?.focus();
    });
  } else if (key === 't') addTag(id);
}

// ---- one asset -------------------------------------------------------------------------------------------

async function assetPage(id) {
  const p = await api(`/assets/${id}`);
  const a = p.asset;
  const ids = JSON.parse(sessionStorage.getItem('vidgan-list') || '[]');
  const at = ids.indexOf(a.id);
  const neighbour = (d) => ids[at + d];
  const nearest = p.nearest_training_clip;
  const nearestVideo = nearest ? h('video', { src: `/api/v1/assets/${nearest.asset_id}/file#t=${nearest.start_seconds}`,
    autoplay: true, muted: true, playsinline: true, id: 'nearest' }) : null;
  if (nearestVideo) {
    nearestVideo.muted = true;
    const end = nearest.start_seconds + nearest.duration_seconds;
    nearestVideo.addEventListener('timeupdate', () => {
      if (nearestVideo.currentTime >= end) { nearestVideo.currentTime = nearest.start_seconds; nearestVideo.play(); }
    });
    nearestVideo.addEventListener('ended', () => { nearestVideo.currentTime = nearest.start_seconds; nearestVideo.play(); });
  }
  const main = h('video', { src: playable(a), controls: true, autoplay: true, muted: true, loop: true, playsinline: true,
    id: 'player', poster: poster(a.id) });
  main.muted = true;
  const row = (k, v) => v === null || v === undefined || v === '' ? null : h('tr', {}, h('th', {}, k), h('td', {}, v));
  let params = a.parameters;
  try { params = JSON.stringify(JSON.parse(a.parameters), null, 1); } catch { /* plain text */ }
  const tags = h('div', { class: 'tags', id: 'tags' }, a.tags.map((t) => h('span', { class: 'tag' }, t,
    h('button', { title: 'remove', onclick: async () => { await api(`/assets/${a.id}/tags/${encodeURIComponent(t)}`, { method: 'DELETE' }); route(); } }, '×'))));
  const lineage = h('div', { class: 'lineage' });
  if (a.source === 'generated') {
    lineage.append(
      h('span', { class: 'step' }, `${p.source_video_count} source videos`), h('span', { class: 'arrow' }, '→'),
      h('span', { class: 'step' }, p.clip_set ? `clip set ${p.clip_set.size}×${p.clip_set.size}×${p.clip_set.frames}` : 'clip set ?'),
      h('span', { class: 'arrow' }, '→'),
      p.run ? h('a', { class: 'step', href: `/runs/${p.run.id}` }, `run ${p.run.name} (${p.run.model})`) : h('span', { class: 'step' }, 'run ?'),
      h('span', { class: 'arrow' }, '→'),
      h('span', { class: 'step', title: a.checkpoint_sha256 }, p.checkpoint ? `checkpoint step ${p.checkpoint.step}` : `checkpoint ${(a.checkpoint_sha256 || '').slice(0, 12)}`),
      h('span', { class: 'arrow' }, '→'), h('span', { class: 'step' }, `clip seed ${a.seed}`));
  } else {
    lineage.append(h('span', { class: 'step' }, `real video ${a.original_path || a.name}`),
      ...p.used_in_clip_sets.map((s) => h('span', { class: 'step' }, `→ clip set ${s.size}×${s.size}×${s.frames}`)));
  }
  const sources = h('div', { class: 'thumbs' }, p.source_videos.map((s) =>
    h('a', { href: `/assets/${s.id}`, title: s.name }, h('img', { src: poster(s.id), alt: s.name, loading: 'lazy' }))));
  const act = async (fn) => { await fn(); route(); };
  view.replaceChildren(
    h('h1', {}, a.name, ' ', a.source === 'generated' ? h('span', { class: 'badge synthetic' }, 'synthetic') : h('span', { class: 'badge' }, 'real'),
      ' ', a.review ? h('span', { class: 'badge ' + a.review, id: 'review' }, a.review) : null),
    h('div', { class: 'toolbar' },
      h('button', { onclick: () => act(() => review(a.id, 'kept')) }, 'Keep (K)'),
      h('button', { onclick: () => act(() => review(a.id, 'rejected')) }, 'Reject (R)'),
      h('button', { onclick: () => act(() => addTag(a.id)) }, 'Tag (T)'),
      h('button', { onclick: async () => { if (confirm(`Delete ${a.name}?`)) { await api(`/assets/${a.id}`, { method: 'DELETE' }); go('/'); } } }, 'Delete'),
      neighbour(-1) ? h('a', { href: `/assets/${neighbour(-1)}` }, '← previous') : null,
      neighbour(1) ? h('a', { href: `/assets/${neighbour(1)}`, id: 'next' }, 'next (N) →') : null,
      h('a', { href: `/api/v1/assets/${a.id}/file`, download: a.name, target: '_self' }, 'download')),
    h('div', { class: 'asset' },
      h('figure', { class: 'player' }, main, h('figcaption', {}, `${a.width}×${a.height}, ${a.frames} frames at ${a.fps} fps`)),
      nearest ? h('figure', { class: 'player' }, nearestVideo,
        h('figcaption', {}, 'nearest training clip: ', h('a', { href: `/assets/${nearest.asset_id}` }, nearest.asset_name),
          ` from ${nearest.start_seconds.toFixed(1)} s — distance ${a.nearest_train_distance?.toFixed(3)}`,
          a.near_copy ? h('span', { class: 'error' }, ' (near-copy)') : ''))
        : h('div', { class: 'hint' }, a.source === 'generated' ? 'No nearest training clip recorded.' : ''),
      h('div', {},
        h('table', {},
          row('score', score(a.score)), row('class', a.class), row('seed', a.seed), row('model', a.model),
          row('run', p.run ? h('a', { href: `/runs/${p.run.id}` }, p.run.name) : null),
          row('checkpoint', a.checkpoint_sha256 ? h('code', {}, a.checkpoint_sha256.slice(0, 16) + '…') : null),
          row('nearest distance', a.nearest_train_distance?.toFixed(4)), row('split', a.split),
          row('created', a.created_at), row('sha256', h('code', {}, a.sha256.slice(0, 16) + '…')),
          row('parameters', params ? h('pre', {}, params) : null)),
        h('h2', {}, 'Tags'), tags)),
    h('h2', {}, 'Lineage'), lineage,
    p.source_videos.length ? h('h2', {}, 'Source videos') : null, sources);
  view.onkeydown = (e) => {
    if (e.target.closest('input, textarea')) return;
    const key = e.key.toLowerCase();
    if (key === 'k') act(() => review(a.id, 'kept'));
    else if (key === 'r') act(() => review(a.id, 'rejected'));
    else if (key === 't') act(() => addTag(a.id));
    else if ((key === 'n' || e.key === 'ArrowRight') && neighbour(1)) go(`/assets/${neighbour(1)}`);
    else if ((key === 'p' || e.key === 'ArrowLeft') && neighbour(-1)) go(`/assets/${neighbour(-1)}`);
  };
  view.focus({ preventScroll: true });
}

// ---- compare ---------------------------------------------------------------------------------------------

async function comparePage() {
  const ids = (new URLSearchParams(location.search).get('ids') || '').split(',').filter(Boolean);
  const page = await api('/assets?ids=' + ids.join(',') + '&limit=' + Math.max(1, ids.length));
  const videos = page.items.map((a) => {
    const v = h('video', { src: playable(a), muted: true, loop: true, playsinline: true, preload: 'auto' });
    v.muted = true;
    return { a, v };
  });
  const play = () => { videos.forEach(({ v }) => { v.currentTime = 0; v.play(); }); };
  const slider = h('input', { type: 'range', min: 0, max: 1, step: 0.01, value: 0, style: 'width:20em' });
  slider.addEventListener('input', () => videos.forEach(({ v }) => { v.pause(); v.currentTime = slider.value * (v.duration || 0); }));
  view.replaceChildren(h('h1', {}, `Compare ${videos.length} clips`),
    h('div', { class: 'toolbar' }, h('button', { onclick: play }, 'Play all from the start'),
      h('button', { onclick: () => videos.forEach(({ v }) => v.pause()) }, 'Pause'), 'scrub ', slider),
    h('div', { class: 'compare' }, videos.map(({ a, v }) => h('figure', { class: 'player' }, v,
      h('figcaption', {}, h('a', { href: `/assets/${a.id}` }, a.name), ` — score ${score(a.score)}, seed ${a.seed ?? '–'}`)))));
  play();
}

// ---- collections -----------------------------------------------------------------------------------------

async function collectionsPage() {
  const list = await api('/collections');
  const form = h('form', { class: 'filters' }, h('input', { name: 'name', placeholder: 'new collection', required: true }),
    h('input', { name: 'description', placeholder: 'description' }), h('button', { type: 'submit' }, 'Create'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    await api('/collections', { method: 'POST', body: { name: form.name.value, description: form.description.value } });
    route();
  });
  view.replaceChildren(h('h1', {}, 'Collections'), form,
    list.length ? h('table', {}, h('tr', {}, h('th', {}, 'name'), h('th', {}, 'assets'), h('th', {}, 'description'), h('th', {}, '')),
      list.map((c) => h('tr', {}, h('td', {}, h('a', { href: `/?collection=${c.id}` }, c.name)), h('td', {}, c.count),
        h('td', {}, c.description), h('td', {}, h('a', { href: `/api/v1/export.zip?collection=${c.id}`, target: '_self' }, 'export ZIP')))))
      : h('p', { class: 'empty' }, 'No collections yet: select clips in the library and add them to one.'));
}

// ---- runs ------------------------------------------------------------------------------------------------

async function runsPage() {
  const runs = await api('/runs');
  const form = h('form', { class: 'filters' }, 'Train a new run: ', h('input', { name: 'run', placeholder: 'name', required: true }),
    h('input', { name: 'steps', type: 'number', min: 1, value: 2000, style: 'width:7em' }), 'steps',
    h('button', { type: 'submit' }, 'Start training'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    await api('/jobs', { method: 'POST', body: { kind: 'train', run: form.run.value, steps: Number(form.steps.value) } });
    go('/jobs');
  });
  view.replaceChildren(h('h1', {}, 'Training runs'), form,
    runs.length ? h('table', {}, h('tr', {}, ['run', 'model', 'steps', 'updated'].map((c) => h('th', {}, c))),
      runs.map((r) => h('tr', {}, h('td', {}, h('a', { href: `/runs/${r.id}` }, r.name)), h('td', {}, r.model),
        h('td', {}, r.steps), h('td', {}, r.updated_at))))
      : h('p', { class: 'empty' }, 'No runs yet.'));
}

function lossChart(points) {
  const W = 720, H = 220, pad = 30;
  if (points.length < 2) return h('p', { class: 'hint' }, 'No loss curve yet.');
  const xs = points.map((p) => p.step), all = points.flatMap((p) => [p.loss_d, p.loss_g]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)], [y0, y1] = [Math.min(...all), Math.max(...all)];
  const X = (x) => pad + (x - x0) / Math.max(1e-9, x1 - x0) * (W - 2 * pad);
  const Y = (y) => H - pad - (y - y0) / Math.max(1e-9, y1 - y0) * (H - 2 * pad);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('class', 'chart');
  const line = (key, color) => {
    const pl = document.createElementNS(ns, 'polyline');
    pl.setAttribute('points', points.map((p) => `${X(p.step).toFixed(1)},${Y(p[key]).toFixed(1)}`).join(' '));
    pl.setAttribute('fill', 'none'); pl.setAttribute('stroke', color); pl.setAttribute('stroke-width', '1.5');
    svg.append(pl);
  };
  const text = (x, y, s, color = '#9aa3ad') => {
    const t = document.createElementNS(ns, 'text');
    t.setAttribute('x', x); t.setAttribute('y', y); t.setAttribute('fill', color); t.setAttribute('font-size', '11');
    t.textContent = s; svg.append(t);
  };
  line('loss_d', '#5fb3ff'); line('loss_g', '#f5a142');
  text(pad, 14, 'discriminator loss', '#5fb3ff'); text(pad + 130, 14, 'generator loss', '#f5a142');
  text(pad, H - 8, `step ${x0}`); text(W - pad - 70, H - 8, `step ${x1}`);
  text(2, pad, y1.toFixed(2)); text(2, H - pad, y0.toFixed(2));
  return svg;
}

async function runPage(id) {
  const r = await api(`/runs/${id}`);
  const grids = r.samples.filter((s) => s.startsWith('latest'));
  const evalSummary = r.evaluation?.summary;
  view.replaceChildren(h('h1', {}, `Run ${r.name}`),
    h('div', { class: 'toolbar' },
      h('a', { href: `/generate?run=${r.run.id}` }, h('button', { class: 'primary' }, 'Generate more…')),
      h('button', { onclick: async () => { await api('/jobs', { method: 'POST', body: { kind: 'evaluate', run_id: r.run.id } }); go('/jobs'); } }, 'Evaluate'),
      h('button', { onclick: async () => { await api('/jobs', { method: 'POST', body: { kind: 'train', run: r.name, steps: r.run.steps + 1000 } }); go('/jobs'); } }, 'Train 1,000 more steps'),
      h('a', { href: `/?run=${r.run.id}` }, 'its clips in the library')),
    h('h2', {}, 'Losses'), lossChart(r.losses),
    h('h2', {}, 'Samples'), h('div', { class: 'samples' },
      grids.filter((s) => s.endsWith('.png')).map((s) => h('img', { src: `/api/v1/runs/${id}/samples/${s}`, alt: s })),
      grids.filter((s) => s.endsWith('.mp4')).map((s) => h('video', { src: `/api/v1/runs/${id}/samples/${s}`, controls: true, loop: true, muted: true }))),
    h('h2', {}, 'Evaluation'), evalSummary ? h('pre', {}, evalSummary.join('\n')) : h('p', { class: 'hint' }, 'Not evaluated yet.'),
    h('h2', {}, 'Checkpoints'), h('table', {}, r.checkpoints.map((c) => h('tr', {}, h('td', {}, `step ${c.step}`),
      h('td', {}, h('code', {}, c.sha256.slice(0, 16) + '…')), h('td', {}, c.created_at)))),
    h('h2', {}, 'Configuration'), h('pre', {}, JSON.stringify(r.config, null, 2)));
}

// ---- jobs ------------------------------------------------------------------------------------------------

const streams = new Map();

function jobRow(j) {
  const eta = j.eta_seconds ? `${Math.round(j.eta_seconds)} s left` : '';
  const row = h('tr', { id: `job-${j.id}`, dataset: { state: j.state } },
    h('td', {}, `#${j.id}`),
    h('td', {}, j.kind, j.shards ? h('div', { class: 'hint' }, `${j.shards} shards`)
      : j.parent_id ? h('div', { class: 'hint' }, `shard of #${j.parent_id}`) : null),
    h('td', { class: `state-${j.state}` }, j.state, j.error ? h('div', { class: 'error' }, j.error) : null),
    h('td', {}, h('div', { class: 'progress' }, h('div', { style: `width:${Math.round(j.progress * 100)}%` })),
      h('div', { class: 'hint' }, `${Math.round(j.progress * 100)}% ${j.step ? `step ${j.step}${j.total ? '/' + j.total : ''}` : ''} ${eta}`)),
    h('td', {}, j.message, j.log ? h('details', {}, h('summary', {}, 'log'), h('pre', {}, j.log)) : null),
    h('td', {}, j.worker || ''),
    h('td', {}, ['queued', 'running'].includes(j.state)
      ? h('button', { onclick: async () => { await api(`/jobs/${j.id}/cancel`, { method: 'POST' }); toast(`cancelling job ${j.id}`); } }, 'Cancel') : ''));
  return row;
}

function follow(j) {
  if (streams.has(j.id) || !['queued', 'running'].includes(j.state)) return;
  const source = new EventSource(`/api/v1/jobs/${j.id}/events`);
  streams.set(j.id, source);
  source.addEventListener('job', (e) => {
    const job = JSON.parse(e.data);
    document.getElementById(`job-${job.id}`)?.replaceWith(jobRow(job));
    if (!['queued', 'running'].includes(job.state)) { source.close(); streams.delete(job.id); }
  });
  source.onerror = () => { source.close(); streams.delete(j.id); };
}

async function jobsPage() {
  const jobs = await api('/jobs');
  const table = h('table', { id: 'jobs' }, h('tr', {}, ['job', 'kind', 'state', 'progress', 'message', 'worker', ''].map((c) => h('th', {}, c))),
    jobs.map(jobRow));
  view.replaceChildren(h('h1', {}, 'Jobs'), jobs.length ? table : h('p', { class: 'empty' }, 'No jobs yet.'));
  jobs.forEach(follow);
}

// ---- generate and upload ---------------------------------------------------------------------------------

async function generatePage() {
  const runs = await api('/runs');
  const chosen = new URLSearchParams(location.search).get('run') || (runs.at(-1)?.id ?? '');
  const form = h('form', { class: 'stack', id: 'generate' },
    h('label', { for: 'g-run' }, 'run'), h('select', { name: 'run_id', id: 'g-run' },
      runs.map((r) => h('option', { value: r.id, selected: String(r.id) === String(chosen) ? true : null }, `${r.name} (${r.model}, ${r.steps} steps)`))),
    h('label', { for: 'g-class' }, 'class'), h('select', { name: 'class', id: 'g-class' }, h('option', { value: '' }, 'every class in turn')),
    h('label', { for: 'g-count' }, 'count'), h('input', { name: 'count', id: 'g-count', type: 'number', min: 1, max: 10000, value: 8 }),
    h('label', { for: 'g-seed' }, 'first seed'), h('input', { name: 'seed', id: 'g-seed', type: 'number', value: 1 }),
    h('label', { for: 'g-trunc' }, 'truncation'), h('input', { name: 'truncation', id: 'g-trunc', type: 'number', step: '0.1', min: 0, placeholder: 'none' }),
    h('label', { for: 'g-min' }, 'min score'), h('input', { name: 'min_score', id: 'g-min', type: 'number', step: '0.05', min: 0, max: 1, placeholder: 'none' }),
    h('label', { for: 'g-topk' }, 'keep best K'), h('input', { name: 'top_k', id: 'g-topk', type: 'number', min: 1, placeholder: 'all' }),
    h('label', { for: 'g-maxpc' }, 'max per class'), h('input', { name: 'max_per_class', id: 'g-maxpc', type: 'number', min: 1, placeholder: 'no limit' }),
    h('label', { for: 'g-near' }, 'reject near-copies'), h('input', { name: 'reject_near_copies', id: 'g-near', type: 'checkbox' }),
    h('span'), h('button', { type: 'submit', class: 'primary' }, 'Start generating'));
  const loadClasses = async () => {
    const id = form.run_id.value;
    if (!id) return;
    const r = await api(`/runs/${id}`);
    const classes = r.config?.model?.classes || [];
    form.class.replaceChildren(h('option', { value: '' }, classes.length ? 'every class in turn' : 'unconditional'),
      classes.map((c) => h('option', { value: c }, c)));
  };
  form.run_id.addEventListener('change', loadClasses);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const num = (n) => (form[n].value === '' ? undefined : Number(form[n].value));
    await api('/jobs', { method: 'POST', body: {
      kind: 'generate', run_id: Number(form.run_id.value), class: form.class.value || undefined, count: num('count'),
      seed: num('seed'), truncation: num('truncation'), min_score: num('min_score'), top_k: num('top_k'),
      max_per_class: num('max_per_class'), reject_near_copies: form.reject_near_copies.checked } });
    go('/jobs');
  });
  view.replaceChildren(h('h1', {}, 'Generate more'), runs.length ? form : h('p', { class: 'empty' }, 'Train a run first.'));
  await loadClasses();
}

async function uploadPage() {
  const waiting = await api('/uploads');
  const form = h('form', { class: 'filters', id: 'upload' }, h('input', { type: 'file', name: 'files', multiple: true, accept: 'video/*,image/gif' }),
    h('button', { type: 'submit' }, 'Upload'));
  const result = h('div', { id: 'upload-result' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new FormData();
    for (const f of form.files.files) data.append('files', f, f.name);
    const accepted = await api('/uploads', { method: 'POST', body: data });
    result.replaceChildren(`accepted ${accepted.map((f) => f.name).join(', ')}`);
    route();
  });
  const ingest = h('form', { class: 'filters' }, 'labels from ', h('select', { name: 'label_from' },
      ['prefix', 'folder', 'none'].map((v) => h('option', { value: v }, v))),
    'size ', h('input', { name: 'size', type: 'number', value: 32, style: 'width:5em' }),
    'frames ', h('input', { name: 'frames', type: 'number', value: 16, style: 'width:5em' }),
    h('button', { type: 'submit', class: 'primary' }, 'Ingest the inbox'));
  ingest.addEventListener('submit', async (e) => {
    e.preventDefault();
    await api('/jobs', { method: 'POST', body: { kind: 'ingest', label_from: ingest.label_from.value,
      size: Number(ingest.size.value), frames: Number(ingest.frames.value) } });
    go('/jobs');
  });
  view.replaceChildren(h('h1', {}, 'Upload clips'), form, result, h('h2', {}, `Inbox (${waiting.length})`),
    waiting.length ? h('ul', {}, waiting.map((n) => h('li', {}, n))) : h('p', { class: 'hint' }, 'Empty.'),
    waiting.length ? ingest : null);
}

// ---- router ----------------------------------------------------------------------------------------------

async function route() {
  streams.forEach((s) => s.close());
  streams.clear();
  view.onkeydown = null;
  const path = location.pathname;
  const section = path === '/' ? 'library' : path.split('/')[1];
  $$('nav a').forEach((a) => a.classList.toggle('active', a.dataset.nav === section || (section === 'assets' && a.dataset.nav === 'library')));
  try {
    let m;
    if (path === '/') { await libraryPage(); view.onkeydown = (e) => { if (!e.target.closest('input, select')) gridKeys(e); }; }
    else if ((m = path.match(/^\/assets\/(\d+)$/))) await assetPage(m[1]);
    else if (path === '/compare') await comparePage();
    else if (path === '/collections') await collectionsPage();
    else if (path === '/runs') await runsPage();
    else if ((m = path.match(/^\/runs\/(\d+)$/))) await runPage(m[1]);
    else if (path === '/jobs') await jobsPage();
    else if (path === '/generate') await generatePage();
    else if (path === '/upload') await uploadPage();
    else view.replaceChildren(h('p', { class: 'empty' }, 'No such page.'));
  } catch (e) {
    if (!view.childElementCount) view.replaceChildren(h('p', { class: 'error' }, e.message));
  }
  const s = await fetch('/api/v1/session').then((r) => r.json()).catch(() => null);
  if (s) $('#session').textContent = s.signed_in ? `${s.name} (${s.role})` : 'not signed in';
}

route();
