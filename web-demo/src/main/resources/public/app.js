// agent-memory playground. No framework, no build step, nothing from outside this server.
// Every piece of data is rendered with textContent, never parsed as HTML, and the server's
// Content-Security-Policy forbids inline scripts, so a note cannot run code in this page.
'use strict';

const KEY_STORAGE = 'agentMemoryKey';
let apiKey = sessionStorage.getItem(KEY_STORAGE) || '';
let notesCursor = null;

const $ = (id) => document.getElementById(id);

/** Makes an element; text always goes in as textContent. */
function el(tag, props, ...children) {
  const e = document.createElement(tag);
  if (props) {
    if (props.className) e.className = props.className;
    if (props.text !== undefined) e.textContent = String(props.text);
    if (props.title) e.title = props.title;
    if (props.data) Object.entries(props.data).forEach(([k, v]) => { e.dataset[k] = v; });
  }
  children.forEach((c) => e.append(c));
  return e;
}

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Calls the JSON API with the key; throws ApiError with the server's code and message. */
async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (apiKey) headers['Authorization'] = 'Bearer ' + apiKey;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 204) return null;
  let json = null;
  try { json = await res.json(); } catch (e) { /* not JSON: handled below */ }
  if (!res.ok) {
    const err = json && json.error ? json.error : { code: 'HTTP_' + res.status, message: res.statusText };
    throw new ApiError(res.status, err.code, err.message);
  }
  return json;
}

function showStatus(id, text, isError) {
  const s = $(id);
  s.textContent = text;
  s.classList.toggle('error-text', !!isError);
}

function describe(err) {
  return err instanceof ApiError ? err.code + ': ' + err.message : String(err);
}

// ---- key and tenant ----

async function signIn() {
  if (!apiKey) {
    try {
      const dev = await api('GET', '/api/dev-key');
      apiKey = dev.key;
      sessionStorage.setItem(KEY_STORAGE, apiKey);
    } catch (e) {
      banner('Paste your API key above to start.');
      return false;
    }
  }
  try {
    const me = await api('GET', '/api/me');
    $('tenant').textContent = 'tenant: ' + me.tenant;
    $('tenant').classList.add('on');
    banner(null);
    return true;
  } catch (e) {
    sessionStorage.removeItem(KEY_STORAGE);
    apiKey = '';
    banner('That key was refused (' + describe(e) + '). Paste a valid API key above.');
    return false;
  }
}

function banner(text) {
  const b = $('banner');
  b.hidden = !text;
  b.textContent = text || '';
}

// ---- namespaces ----

// Shown first, with the number of matches each gets in a search (the example).
const DEFAULT_TOP_K = { personal: 5, academic: 2, projects: 2, style: 1 };
const OTHER_TOP_K = 3;
let namespaces = Object.keys(DEFAULT_TOP_K);

/** The defaults, then every namespace the tenant has stored notes in, each once. */
async function loadNamespaces() {
  try {
    const r = await api('GET', '/api/namespaces');
    const used = r.namespaces.map((n) => n.name);
    namespaces = [...new Set([...Object.keys(DEFAULT_TOP_K), ...used])];
  } catch (e) {
    showStatus('note-status', describe(e), true);
  }
  renderNamespaces();
}

function renderNamespaces() {
  const select = $('note-namespace');
  const chosen = select.value || namespaces[0];
  select.replaceChildren(...namespaces.map((n) => el('option', { text: n })));
  select.value = namespaces.includes(chosen) ? chosen : namespaces[0];
  const fieldset = $('search-namespaces');
  const previous = {};
  fieldset.querySelectorAll('.ns-pick').forEach((p) => {
    previous[p.dataset.namespace] = { on: p.querySelector('input[type=checkbox]').checked, k: p.querySelector('input[type=number]').value };
  });
  fieldset.replaceChildren(...namespaces.map((n) => {
    const box = el('input');
    box.type = 'checkbox';
    box.value = n;
    const k = el('input', { className: 'topk', title: 'matches from ' + n });
    k.type = 'number';
    k.min = '1';
    k.max = '50';
    const was = previous[n];
    box.checked = was ? was.on : n in DEFAULT_TOP_K;
    k.value = was ? was.k : String(DEFAULT_TOP_K[n] || OTHER_TOP_K);
    return el('label', { className: 'ns-pick', data: { namespace: n } }, box, ' ' + n + ' top ', k);
  }));
}

function useNewNamespace() {
  const name = $('new-namespace').value.trim();
  if (!name) return;
  if (!namespaces.includes(name)) {
    namespaces.push(name);
    renderNamespaces();
  }
  $('note-namespace').value = name;
  $('new-namespace').value = '';
  loadNotes(true);
}

// ---- notes ----

function noteItem(note) {
  const del = el('button', { className: 'small', text: 'delete', title: 'delete this note' });
  del.type = 'button';
  del.addEventListener('click', async () => {
    try {
      await api('DELETE', '/api/namespaces/' + encodeURIComponent(note.namespace) + '/notes/' + encodeURIComponent(note.id));
      li.remove();
    } catch (e) {
      showStatus('note-status', describe(e), true);
    }
  });
  const li = el('li', { data: { id: note.id } },
    el('span', { className: 'text', text: note.text }),
    el('span', { className: 'meta', text: new Date(note.createdAt).toLocaleString() }),
    del);
  return li;
}

async function loadNotes(reset) {
  const ns = $('note-namespace').value;
  $('notes-namespace').textContent = ns;
  if (reset) {
    notesCursor = null;
    $('notes-list').replaceChildren();
  }
  const q = notesCursor ? '&cursor=' + encodeURIComponent(notesCursor) : '';
  try {
    const page = await api('GET', '/api/namespaces/' + encodeURIComponent(ns) + '/notes?limit=10' + q);
    page.items.forEach((n) => $('notes-list').append(noteItem(n)));
    notesCursor = page.nextCursor;
    $('notes-more').hidden = !notesCursor;
  } catch (e) {
    showStatus('note-status', describe(e), true);
  }
}

async function addNote(ev) {
  ev.preventDefault();
  const ns = $('note-namespace').value;
  const text = $('note-text').value;
  try {
    const note = await api('POST', '/api/namespaces/' + encodeURIComponent(ns) + '/notes', { text });
    showStatus('note-status', note.deduplicated
      ? 'already stored in ' + note.namespace + ' as ' + note.id + ' (same text: kept as it was)'
      : 'stored in ' + note.namespace + ' as ' + note.id, false);
    $('note-text').value = '';
    $('note-text').focus();
    loadNotes(true);
    if (!namespaces.includes(note.namespace)) loadNamespaces();
  } catch (e) {
    showStatus('note-status', describe(e), true);
  }
}

// ---- search ----

function scoreBar(score) {
  const bar = el('span', { className: 'bar' });
  bar.append(el('span', { className: 'fill' }));
  // Width through CSSOM, which the CSP allows (it forbids inline style attributes, not this).
  bar.firstChild.style.width = Math.max(0, Math.min(1, score)) * 100 + '%';
  return bar;
}

/** One side of a match's explanation: "vector 0.612 #1", or "vector –" where it was not found. */
function side(name, score, rank) {
  return el('span', { className: 'side ' + name, text: score === null || score === undefined
    ? name + ' –' : name + ' ' + score.toFixed(3) + ' #' + rank });
}

/** Where the match stood on each side of the search, and the fused score it is ordered by. */
function explanationLine(x) {
  return el('span', { className: 'why', data: { mode: x.mode } },
    el('span', { className: 'side mode', text: x.mode }),
    side('vector', x.vectorScore, x.vectorRank),
    side('keyword', x.keywordScore, x.keywordRank),
    el('span', { className: 'side fused', text: 'fused ' + x.fusedScore.toFixed(4) }));
}

function matchItem(m, withNamespace) {
  return el('li', { className: 'match', data: { namespace: m.namespace, id: m.id } },
    el('span', { className: 'score', text: m.score.toFixed(3) }),
    scoreBar(m.score),
    withNamespace ? el('span', { className: 'ns', text: m.namespace }) : '',
    el('span', { className: 'text', text: m.text }),
    explanationLine(m.explanation));
}

async function runSearch(ev) {
  ev.preventDefault();
  const topK = {};
  document.querySelectorAll('#search-namespaces .ns-pick').forEach((p) => {
    if (p.querySelector('input[type=checkbox]').checked) {
      topK[p.dataset.namespace] = parseInt(p.querySelector('input[type=number]').value, 10) || OTHER_TOP_K;
    }
  });
  const query = $('search-query').value;
  const mode = $('search-mode').value;
  const count = Object.keys(topK).length;
  if (count === 0) {
    showStatus('search-status', 'tick at least one namespace', true);
    return;
  }
  showStatus('search-status', 'searching ' + count + ' namespaces in parallel…', false);
  try {
    const r = await api('POST', '/api/search', { query, namespaces: topK, mode });
    // The mode asked for, and the one the store ran when it chose (auto), from the explanations.
    const ran = r.matches.length ? r.matches[0].explanation.mode : r.mode;
    showStatus('search-status', r.matches.length + ' matches in ' + (r.tookMicros / 1000).toFixed(1) + ' ms ('
      + (ran === r.mode ? r.mode : r.mode + ': ' + ran) + ')', false);
    $('search-top').replaceChildren(...r.matches.slice(0, 1).map((m) => matchItem(m, true)));
    $('search-results').replaceChildren(...r.groups.map((g) =>
      el('div', { className: 'ns-group', data: { namespace: g.namespace } },
        el('h3', { text: g.namespace + ' (' + g.matches.length + ' of top ' + topK[g.namespace] + ')' }),
        g.matches.length
          ? el('ol', { className: 'list' }, ...g.matches.map((m) => matchItem(m, false)))
          : el('p', { className: 'hint', text: 'no match' }))));
  } catch (e) {
    showStatus('search-status', describe(e), true);
  }
}

// ---- conversation ----

async function loadChat() {
  const session = $('chat-session').value;
  try {
    const c = await api('GET', '/api/conversations/' + encodeURIComponent(session) + '/messages?last=20');
    $('chat-messages').replaceChildren(...c.messages.map((m) =>
      el('li', { className: 'msg ' + m.role },
        el('span', { className: 'role', text: m.role }),
        el('span', { className: 'text', text: m.text }))));
    showStatus('chat-status', c.size + ' messages in ' + c.session, false);
  } catch (e) {
    showStatus('chat-status', describe(e), true);
  }
}

async function sendChat(ev) {
  ev.preventDefault();
  const session = $('chat-session').value;
  try {
    await api('POST', '/api/conversations/' + encodeURIComponent(session) + '/messages',
      { role: $('chat-role').value, text: $('chat-text').value });
    $('chat-text').value = '';
    loadChat();
  } catch (e) {
    showStatus('chat-status', describe(e), true);
  }
}

// ---- stats ----

function row(...cells) {
  return el('tr', null, ...cells.map((c) => el('td', { text: c })));
}

async function pollStats() {
  try {
    const s = await api('GET', '/api/stats');
    $('stats-backend').textContent = s.backend;
    $('stats-ops').tBodies[0].replaceChildren(...Object.entries(s.operations)
      .filter(([, o]) => o.calls > 0)
      .map(([name, o]) => row(name, o.calls, o.failures, o.meanMicros, o.maxMicros)));
    $('stats-updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    $('stats-updated').textContent = describe(e);
  }
}

// ---- stress ----

async function runStress(ev) {
  ev.preventDefault();
  const total = Math.max(1, parseInt($('stress-total').value, 10) || 200);
  const concurrency = Math.max(1, parseInt($('stress-concurrency').value, 10) || 32);
  const run = Date.now().toString(36);
  const counts = { sent: 0, ok: 0, failed: 0 };
  let next = 0;
  const started = performance.now();
  $('stress-run').disabled = true;
  $('stress-error').textContent = '';
  $('stress-cleanup').textContent = '';
  $('stress-state').textContent = 'running: ' + total + ' requests, ' + concurrency + ' at a time';
  const show = () => {
    $('stress-sent').textContent = counts.sent;
    $('stress-ok').textContent = counts.ok;
    $('stress-failed').textContent = counts.failed;
    const secs = (performance.now() - started) / 1000;
    $('stress-rate').textContent = secs > 0 ? Math.round(counts.ok / secs) : 0;
  };
  async function worker() {
    while (next < total) {
      const i = next++;
      counts.sent++;
      try {
        if (i % 4 === 3) {
          await api('POST', '/api/search', { query: 'stress note ' + (i - 1), namespaces: ['stress', 'personal'], topK: 3 });
        } else {
          await api('POST', '/api/namespaces/stress/notes', { text: 'stress note ' + i + ' of run ' + run, metadata: { run, i } });
        }
        counts.ok++;
      } catch (e) {
        counts.failed++;
        $('stress-error').textContent = 'last failure: ' + describe(e);
      }
      show();
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  show();
  // The run's notes go again, so stress runs do not pile up in the store.
  try {
    const r = await api('DELETE', '/api/namespaces/stress/notes?metadata.run=' + encodeURIComponent(run));
    $('stress-cleanup').textContent = 'cleaned up: ' + r.deleted + ' notes of this run deleted from namespace stress';
  } catch (e) {
    $('stress-cleanup').textContent = 'clean-up failed: ' + describe(e);
  }
  const secs = ((performance.now() - started) / 1000).toFixed(2);
  $('stress-state').textContent = 'done: ' + counts.ok + ' ok, ' + counts.failed + ' failed in ' + secs + ' s';
  $('stress-state').classList.toggle('error-text', counts.failed > 0);
  $('stress-run').disabled = false;
}

// ---- wiring ----

async function start() {
  $('api-key').value = '';
  $('api-key-use').addEventListener('click', async () => {
    apiKey = $('api-key').value.trim();
    sessionStorage.setItem(KEY_STORAGE, apiKey);
    $('api-key').value = '';
    if (await signIn()) refreshAll();
  });
  $('note-form').addEventListener('submit', addNote);
  $('note-namespace').addEventListener('change', () => loadNotes(true));
  $('new-namespace-add').addEventListener('click', useNewNamespace);
  $('notes-more').addEventListener('click', () => loadNotes(false));
  $('search-form').addEventListener('submit', runSearch);
  $('chat-form').addEventListener('submit', sendChat);
  $('chat-session').addEventListener('change', loadChat);
  $('stress-form').addEventListener('submit', runStress);
  renderNamespaces();
  if (await signIn()) refreshAll();
  setInterval(() => { if (apiKey) pollStats(); }, 2000);
}

async function refreshAll() {
  await loadNamespaces();
  loadNotes(true);
  loadChat();
  pollStats();
}

document.addEventListener('DOMContentLoaded', start);
