// Shared by every page of the dashboard: building elements as text (values from events and
// services are never parsed as HTML), numbers and times, asking the dashboard's API with the
// credential signed in with, the sign-in form and the search box in every page's header, and line
// charts drawn as inline SVG. The credential is kept for this browser tab only (sessionStorage):
// every request carries it, and the API decides what it may see and do (viewer or operator).
'use strict';

window.Ledgerline = (function common() {
  const SVG = 'http://www.w3.org/2000/svg';
  const byId = (id) => document.getElementById(id);

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function link(text, href) {
    const anchor = element('a', text);
    anchor.href = href;
    return anchor;
  }

  const itemHref = (sku, locationId) => `/item.html?sku=${encodeURIComponent(sku)}&location=${encodeURIComponent(locationId)}`;
  const locationHref = (locationId) => `/location.html?location=${encodeURIComponent(locationId)}`;

  function formatNumber(value, digits) {
    if (value === null || value === undefined || value === '') return '–';
    return Number(value).toLocaleString('en-GB', { maximumFractionDigits: digits === undefined ? 0 : digits, minimumFractionDigits: 0 });
  }

  function formatMoney(value) {
    if (value === null || value === undefined) return '–';
    return Number(value).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function formatTime(iso) {
    if (!iso) return '–';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString('en-GB');
  }

  function formatDateTime(iso) {
    if (!iso) return '–';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  }

  const CREDENTIAL_KEY = 'ledgerline.credential';
  const credential = () => window.sessionStorage.getItem(CREDENTIAL_KEY) || '';

  /** fetch with the signed-in credential; a 401 opens the sign-in form. */
  async function authorizedFetch(url, options = {}) {
    const headers = { ...(options.headers || {}) };
    if (credential()) headers.authorization = `Bearer ${credential()}`;
    const response = await fetch(url, { ...options, headers });
    if (response.status === 401) askToSignIn(credential() ? 'The credential signed in with is unknown or revoked: sign in with another.' : 'Sign in with a dashboard credential to see the dashboard.');
    return response;
  }

  /** The API's answer: { ok: true, body } or { ok: false, status, message } with the message the server gave. */
  async function getJson(url, signal) {
    let response;
    try {
      response = await authorizedFetch(url, { headers: { accept: 'application/json' }, signal });
    } catch (error) {
      if (error && error.name === 'AbortError') throw error;
      return { ok: false, status: 0, message: 'The dashboard cannot be reached. Check the connection and try again.' };
    }
    const body = await response.json().catch(() => undefined);
    if (response.ok && body !== undefined) return { ok: true, body };
    const message = body && typeof body.message === 'string' ? body.message : `The dashboard answered ${response.status}.`;
    return { ok: false, status: response.status, message: response.status === 401 ? `Sign in first: ${message}` : message };
  }

  /** The sign-in form of the header: shown open when no credential is kept, or when the API refused the one kept. */
  function mountSignIn(header) {
    const form = element('form', null, 'operator sign-in');
    form.id = 'sign-in';
    form.autocomplete = 'off';
    form.setAttribute('aria-label', 'Sign in');
    const label = element('label', 'Dashboard credential');
    label.htmlFor = 'credential-input';
    const input = element('input');
    Object.assign(input, { id: 'credential-input', type: 'password', name: 'credential', placeholder: 'sk_…' });
    const submit = element('button', 'Sign in');
    submit.type = 'submit';
    const status = element('span', null, 'note');
    status.id = 'sign-in-status';
    status.setAttribute('aria-live', 'polite');
    const signOut = element('button', 'Sign out');
    signOut.type = 'button';
    signOut.id = 'sign-out';
    form.append(label, input, submit, status, signOut);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = input.value.trim();
      if (!value) {
        status.textContent = 'Enter a credential.';
        return;
      }
      window.sessionStorage.setItem(CREDENTIAL_KEY, value);
      window.location.reload();
    });
    signOut.addEventListener('click', () => {
      window.sessionStorage.removeItem(CREDENTIAL_KEY);
      window.location.reload();
    });
    header.appendChild(form);
    showSignedIn(form);
    if (!credential()) askToSignIn('Sign in with a dashboard credential to see the dashboard.');
  }

  function showSignedIn(form) {
    const signedIn = Boolean(credential());
    for (const node of form.querySelectorAll('label, input, button[type=submit]')) node.hidden = signedIn;
    byId('sign-out').hidden = !signedIn;
    byId('sign-in-status').textContent = signedIn ? `signed in (${credential().split('_')[1] || 'credential'})` : '';
  }

  function askToSignIn(text) {
    const form = byId('sign-in');
    for (const node of form.querySelectorAll('label, input, button[type=submit]')) node.hidden = false;
    byId('sign-in-status').textContent = text;
    form.dataset.needed = 'true';
  }

  /** A message for the whole page (role=alert), or none. */
  function showMessage(text) {
    const node = byId('message');
    node.textContent = text || '';
    node.hidden = !text;
  }

  /** Replaces a table's body; each row is { key, cells } where a cell is text, [text, className] or a Node. */
  function fillTable(table, rows, columns, emptyText) {
    const body = (typeof table === 'string' ? byId(table) : table).tBodies[0];
    const fresh = document.createDocumentFragment();
    if (rows.length === 0) {
      const row = element('tr');
      const cell = element('td', emptyText, 'empty');
      cell.colSpan = columns;
      row.appendChild(cell);
      fresh.appendChild(row);
    }
    for (const { key, cells } of rows) {
      const row = element('tr');
      if (key !== undefined) row.dataset.key = key;
      for (const cell of cells) {
        if (cell instanceof Node) {
          const td = element('td');
          td.appendChild(cell);
          row.appendChild(td);
        } else if (Array.isArray(cell)) row.appendChild(element('td', cell[0], cell[1]));
        else row.appendChild(element('td', cell));
      }
      fresh.appendChild(row);
    }
    body.replaceChildren(fresh);
  }

  /**
   * A line chart over time drawn as SVG. `lines`: { name, colour, points: [[ms, value]], step, dash, axis };
   * `bands`: { name, colour, points: [[ms, low, high]] }; `levels`: { name, colour, value, axis }
   * drawn across. Series with axis 'right' share a second scale drawn on the right (stock levels
   * beside demand per day). Each drawn series carries data-series, data-points and data-last, and
   * a legend names them, so a reader and a test see the same figures.
   */
  function drawTimeChart(svg, { lines = [], bands = [], levels = [], unit = '', rightUnit = '' }) {
    const width = Math.max(320, Math.round(svg.clientWidth || 760));
    const height = Math.max(120, Math.round(svg.clientHeight || 220));
    const hasRight = [...lines, ...levels].some((series) => series.axis === 'right');
    const left = 56;
    const right = hasRight ? 56 : 10;
    const top = 10;
    const bottom = 24;
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const onSide = (side) => (series) => (series.axis === 'right') === (side === 'right');
    const finite = (value) => value !== null && value !== undefined && Number.isFinite(value);
    const valuesOf = (side) =>
      [
        ...lines.filter(onSide(side)).flatMap((line) => line.points.map((point) => point[1])),
        ...(side === 'left' ? bands.flatMap((band) => band.points.flatMap((point) => [point[1], point[2]])) : []),
        ...levels.filter(onSide(side)).map((level) => level.value),
      ].filter(finite);
    const times = [...lines.flatMap((line) => line.points.map((point) => point[0])), ...bands.flatMap((band) => band.points.map((point) => point[0]))];
    const shape = (tag, attributes, text) => {
      const node = document.createElementNS(SVG, tag);
      for (const [name, value] of Object.entries(attributes)) if (value !== undefined) node.setAttribute(name, String(value));
      if (text !== undefined) node.textContent = text;
      return node;
    };
    if (times.length === 0) {
      svg.replaceChildren(shape('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle' }, 'nothing to draw yet'));
      return;
    }
    const first = Math.min(...times);
    const last = Math.max(...times, first + 1);
    const x = (time) => left + ((time - first) / (last - first)) * (width - left - right);
    const scale = (values) => {
      const max = Math.max(1, ...values);
      const min = Math.min(0, ...values);
      return { max, min, y: (value) => top + (1 - (value - min) / (max - min)) * (height - top - bottom) };
    };
    const scales = { left: scale(valuesOf('left')), right: scale(valuesOf('right')) };
    const yOf = (series) => scales[series.axis === 'right' ? 'right' : 'left'].y;
    const { y } = scales.left;
    const nodes = [
      shape('line', { x1: left, x2: width - right, y1: y(scales.left.max), y2: y(scales.left.max), class: 'grid' }),
      shape('line', { x1: left, x2: width - right, y1: y(0), y2: y(0), class: 'grid zero' }),
      shape('text', { x: 4, y: y(scales.left.max) + 4 }, `${formatNumber(scales.left.max, 1)}${unit}`),
      shape('text', { x: 4, y: y(0) + 4 }, `0${unit}`),
      shape('text', { x: left, y: height - 6 }, new Date(first).toISOString().slice(0, 10)),
      shape('text', { x: width - right, y: height - 6, 'text-anchor': 'end' }, new Date(last).toISOString().slice(0, 10)),
    ];
    if (scales.left.min < 0) nodes.push(shape('text', { x: 4, y: y(scales.left.min) + 4 }, `${formatNumber(scales.left.min, 1)}${unit}`));
    if (hasRight) {
      const r = scales.right;
      nodes.push(shape('text', { x: width - 4, y: r.y(r.max) + 4, 'text-anchor': 'end' }, `${formatNumber(r.max, 1)}${rightUnit}`));
      nodes.push(shape('text', { x: width - 4, y: r.y(0) + 4, 'text-anchor': 'end' }, `0${rightUnit}`));
    }
    for (const band of bands) {
      const drawn = band.points.filter((point) => finite(point[1]) && finite(point[2]));
      if (drawn.length === 0) continue;
      const upper = drawn.map((point) => `${x(point[0]).toFixed(1)},${y(point[2]).toFixed(1)}`);
      const lower = drawn.map((point) => `${x(point[0]).toFixed(1)},${y(point[1]).toFixed(1)}`).reverse();
      nodes.push(shape('polygon', { points: [...upper, ...lower].join(' '), fill: band.colour, class: 'band', 'data-series': band.name, 'data-points': drawn.length }));
    }
    for (const level of levels) {
      if (!finite(level.value)) continue;
      const at = yOf(level)(level.value);
      nodes.push(shape('line', { x1: left, x2: width - right, y1: at, y2: at, stroke: level.colour, class: 'level', 'data-series': level.name, 'data-last': level.value }));
    }
    for (const line of lines) {
      const drawn = line.points.filter((point) => finite(point[1]));
      if (drawn.length === 0) continue;
      const ly = yOf(line);
      const coordinates = [];
      drawn.forEach((point, index) => {
        if (line.step && index > 0) coordinates.push([x(point[0]), ly(drawn[index - 1][1])]);
        coordinates.push([x(point[0]), ly(point[1])]);
      });
      const attributes = { points: coordinates.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' '), stroke: line.colour, 'stroke-dasharray': line.dash, 'data-series': line.name, 'data-points': drawn.length, 'data-last': drawn[drawn.length - 1][1] };
      nodes.push(shape('polyline', attributes));
    }
    svg.replaceChildren(...nodes);
    const legend = svg.nextElementSibling;
    if (legend && legend.classList.contains('legend')) {
      legend.replaceChildren(
        ...[...lines, ...bands, ...levels].map((series) => {
          const entry = element('span');
          const swatch = element('span', null, 'swatch');
          swatch.style.background = series.colour;
          entry.append(swatch, document.createTextNode(series.axis === 'right' ? `${series.name} (right scale)` : series.name));
          return entry;
        }),
      );
    }
  }

  /**
   * What every page's header holds, built here once: a link to skip to the content, the title
   * linking home, and the search box; and the page's message line below the header.
   */
  function mountHeader() {
    const header = document.querySelector('body > header');
    const skip = link('Skip to content', '#main');
    skip.className = 'skip';
    const title = element('h1');
    title.appendChild(link('Ledgerline operations', '/'));
    const form = element('form', null, 'search');
    form.id = 'search';
    form.setAttribute('role', 'search');
    form.autocomplete = 'off';
    const label = element('label', 'Find a SKU or location');
    label.htmlFor = 'search-input';
    const input = element('input');
    Object.assign(input, { id: 'search-input', type: 'search', name: 'q', placeholder: 'part of a SKU or location code' });
    input.setAttribute('aria-controls', 'search-results');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-describedby', 'search-status');
    const status = element('p', null, 'note');
    status.id = 'search-status';
    status.setAttribute('aria-live', 'polite');
    const results = element('div', null, 'search-results');
    results.id = 'search-results';
    results.hidden = true;
    form.append(label, input, status, results);
    header.prepend(title, form);
    mountSignIn(header);
    document.body.prepend(skip);
    const message = element('p', null, 'message');
    message.id = 'message';
    message.setAttribute('role', 'alert');
    message.hidden = true;
    header.after(message);
    startSearch(form, input, results, status);
  }

  /** The search box: SKUs and locations as you type, links to their pages, arrows and Escape on the keyboard. */
  function startSearch(form, input, results, status) {
    let pending;
    let timer;
    const links = () => [...results.querySelectorAll('a')];
    const close = () => {
      results.hidden = true;
      input.setAttribute('aria-expanded', 'false');
    };
    const list = (title, entries) => {
      const section = element('div', null, 'search-group');
      section.appendChild(element('h2', title));
      const items = element('ul');
      for (const entry of entries) {
        const item = element('li');
        item.appendChild(entry);
        items.appendChild(item);
      }
      section.appendChild(items);
      return section;
    };
    async function search(text) {
      if (pending) pending.abort();
      pending = new AbortController();
      let answer;
      try {
        answer = await getJson(`/api/search?q=${encodeURIComponent(text)}`, pending.signal);
      } catch {
        return; // replaced by a newer search
      }
      results.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      if (!answer.ok) {
        status.textContent = answer.message;
        results.replaceChildren();
        return;
      }
      const { skus, locations, matching } = answer.body;
      status.textContent =
        skus.length + locations.length === 0
          ? `Nothing matches “${text}”.${matching === 'prefix' ? ' Two characters or fewer match the start of a code only.' : ''}`
          : `${skus.length} SKU${skus.length === 1 ? '' : 's'} and ${locations.length} location${locations.length === 1 ? '' : 's'} match “${text}”.`;
      const groups = [];
      if (skus.length > 0) groups.push(list('SKUs', skus.map((hit) => link(`${hit.sku} @ ${hit.locationId}`, itemHref(hit.sku, hit.locationId)))));
      if (locations.length > 0) groups.push(list('Locations', locations.map((hit) => link(`${hit.locationId} (${formatNumber(hit.balances)} balances)`, locationHref(hit.locationId)))));
      results.replaceChildren(...groups);
    }
    input.addEventListener('input', () => {
      clearTimeout(timer);
      const text = input.value;
      if (text.trim() === '') {
        status.textContent = '';
        results.replaceChildren();
        close();
        return;
      }
      timer = setTimeout(() => search(text), 150);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(timer);
      const [firstLink] = links();
      if (firstLink && !results.hidden) window.location.href = firstLink.href;
      else search(input.value);
    });
    form.addEventListener('keydown', (event) => {
      const all = links();
      const at = all.indexOf(document.activeElement);
      if (event.key === 'Escape') {
        close();
        input.focus();
      } else if (event.key === 'ArrowDown' && all.length > 0) {
        event.preventDefault();
        all[Math.min(at + 1, all.length - 1)].focus();
      } else if (event.key === 'ArrowUp' && at >= 0) {
        event.preventDefault();
        if (at === 0) input.focus();
        else all[at - 1].focus();
      }
    });
  }

  // Scripts load deferred: the document is parsed, so the header exists; pages render after this.
  mountHeader();

  return { byId, element, link, itemHref, locationHref, formatNumber, formatMoney, formatTime, formatDateTime, credential, authorizedFetch, getJson, showMessage, fillTable, drawTimeChart };
})();
