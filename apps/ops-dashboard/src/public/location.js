// The location page (?location=&sort=&direction=&state=&page=&days=): how many balances are
// negative, out of stock and low; the location's stock a page at a time, sorted by a column's
// button, narrowed to one state; and its
// shrinkage by reason over the last `days`, drawn as bars, its inventory record accuracy over the
// same days, and beside it today's count list. Days of cover sorts the whole location when
// reorder-forecasting ranks it (else the rows of the page shown, as the note says). The address
// holds the whole view, so a page can be shared or reloaded.
'use strict';

(function locationPage() {
  const { byId, element, link, itemHref, formatNumber, formatMoney, formatDateTime, getJson, showMessage, fillTable, drawTimeChart } = window.Ledgerline;
  const params = new URLSearchParams(window.location.search);
  const locationId = params.get('location');
  const view = { sort: params.get('sort') || 'sku', direction: params.get('direction') || 'asc', state: params.get('state') || 'all', page: params.get('page') || '1' };
  const days = params.get('days') || '30';
  const SVG = 'http://www.w3.org/2000/svg';
  const DAY_MS = 86_400_000;

  function go(changes) {
    const next = new URLSearchParams({ location: locationId, ...view, days, ...changes });
    window.location.search = next.toString();
  }

  function renderSummary(summary) {
    byId('location-title').textContent = `Location ${summary.locationId}`;
    document.title = `${summary.locationId} · Ledgerline operations`;
    const entries = [
      ['balances', formatNumber(summary.balances), 'figure-balances'],
      ['negative', formatNumber(summary.negative), 'figure-negative'],
      ['out of stock', formatNumber(summary.stockout), 'figure-stockout'],
      ['low', formatNumber(summary.low), 'figure-low'],
      ['on hand', formatNumber(summary.onHand)],
      ['value', formatMoney(summary.inventoryValue), 'figure-value'],
    ];
    byId('summary').replaceChildren(
      ...entries.flatMap(([term, value, id]) => {
        const definition = element('dd', value);
        definition.id = id;
        return [element('dt', term), definition];
      }),
    );
  }

  function renderControls() {
    for (const button of document.querySelectorAll('.filters button')) {
      button.setAttribute('aria-pressed', String(button.dataset.state === view.state));
      button.onclick = () => go({ state: button.dataset.state, page: '1' });
    }
    for (const header of document.querySelectorAll('th[data-sort]')) {
      const sorted = header.dataset.sort === view.sort;
      header.setAttribute('aria-sort', sorted ? (view.direction === 'asc' ? 'ascending' : 'descending') : 'none');
      const button = header.querySelector('button');
      button.setAttribute('aria-label', `sort by ${button.textContent}${sorted ? `, now ${view.direction === 'asc' ? 'ascending' : 'descending'}` : ''}`);
      button.onclick = () => go({ sort: header.dataset.sort, direction: sorted && view.direction === 'asc' ? 'desc' : 'asc', page: '1' });
    }
    for (const button of document.querySelectorAll('button[data-days]')) {
      button.setAttribute('aria-pressed', String(button.dataset.days === days));
      button.onclick = () => go({ days: button.dataset.days });
    }
  }

  function svgNode(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** One bar per reason from a zero line: value lost to the left in red, value added to the right in green. Each bar carries its figures. */
  function drawShrinkage(svg, reasons) {
    const rowHeight = 26;
    const width = Math.max(320, Math.round(svg.clientWidth || 760));
    const height = Math.max(60, reasons.length * rowHeight + 20);
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.style.height = `${height}px`;
    const labelWidth = 130;
    // Room for a value's figure beyond the end of its bar, on either side.
    const figureWidth = 80;
    const plot = width - labelWidth - 2 * figureWidth;
    const largest = Math.max(...reasons.map((reason) => Math.abs(Number(reason.value))), 0) || 1;
    const hasGain = reasons.some((reason) => Number(reason.value) > 0);
    const hasLoss = reasons.some((reason) => Number(reason.value) < 0);
    const zero = labelWidth + figureWidth + (hasLoss && hasGain ? plot / 2 : hasLoss ? plot : 0);
    const scale = (hasLoss && hasGain ? plot / 2 : plot) / largest;
    const nodes = [svgNode('line', { class: 'zero', x1: zero, x2: zero, y1: 4, y2: height - 4 })];
    reasons.forEach((reason, index) => {
      const value = Number(reason.value);
      const y = 10 + index * rowHeight;
      const length = Math.max(1, Math.abs(value) * scale);
      nodes.push(svgNode('text', { x: labelWidth - 8, y: y + 13, 'text-anchor': 'end' }, reason.reasonCode));
      const bar = svgNode('rect', { x: value < 0 ? zero - length : zero, y, width: length, height: rowHeight - 8, class: value < 0 ? 'loss' : 'gain' });
      Object.assign(bar.dataset, { reason: reason.reasonCode, value: reason.value, quantity: String(reason.quantity) });
      bar.appendChild(svgNode('title', {}, `${reason.reasonCode}: ${formatMoney(reason.value)} (${formatNumber(reason.quantity)} units)`));
      nodes.push(bar);
      nodes.push(svgNode('text', { x: value < 0 ? zero - length - 4 : zero + length + 4, y: y + 13, 'text-anchor': value < 0 ? 'end' : 'start' }, formatMoney(reason.value)));
    });
    if (reasons.length === 0) nodes.push(svgNode('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle' }, 'no adjustments in this period'));
    svg.replaceChildren(...nodes);
  }

  async function loadShrinkage() {
    const to = new Date();
    const from = new Date(to.getTime() - Number(days) * DAY_MS);
    const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
    const answer = await getJson(`/api/locations/${encodeURIComponent(locationId)}/shrinkage?${query}`);
    if (!answer.ok) {
      showMessage(answer.message);
      fillTable('shrinkage-table', [], 6, answer.message);
      return;
    }
    const { reasons } = answer.body;
    byId('shrinkage-period').textContent = `${formatDateTime(answer.body.from)} to ${formatDateTime(answer.body.to)} (UTC)`;
    drawShrinkage(byId('shrinkage-chart'), reasons);
    fillTable(
      'shrinkage-table',
      reasons.map((reason) => ({
        key: reason.reasonCode,
        cells: [reason.reasonCode, [formatNumber(reason.adjustments), 'num'], [formatNumber(reason.unitsRemoved), 'num'], [formatNumber(reason.unitsAdded), 'num'], [formatNumber(reason.quantity), 'num'], [formatMoney(reason.value), Number(reason.value) < 0 ? 'num bad' : 'num']],
      })),
      6,
      'no adjustments in this period',
    );
    byId('shrinkage-chart').dataset.loaded = 'true';
  }

  async function loadAccuracy() {
    const to = new Date();
    const from = new Date(to.getTime() - Number(days) * DAY_MS);
    const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
    const answer = await getJson(`/api/locations/${encodeURIComponent(locationId)}/record-accuracy?${query}`);
    const chart = byId('accuracy-chart');
    const figures = byId('accuracy-figures');
    const panel = answer.ok ? answer.body.accuracy : { status: 'unavailable', message: answer.message };
    if (panel.status !== 'ok') {
      byId('accuracy-note').textContent = `unavailable: ${panel.message}`;
      figures.replaceChildren();
      drawTimeChart(chart, {});
    } else {
      const { days: counted, total } = panel.data;
      byId('accuracy-note').textContent = counted.length === 0 ? 'no counts in this period' : `${formatNumber(counted.length)} days with counts`;
      const term = (text, value, id) => {
        const definition = element('dd', value);
        definition.id = id;
        return [element('dt', text), definition];
      };
      figures.replaceChildren(
        ...term('accuracy', total.counted === 0 ? '–' : `${total.accuracyPercent} %`, 'figure-accuracy'),
        ...term('items counted', formatNumber(total.counted), 'figure-accuracy-counted'),
        ...term('within tolerance', formatNumber(total.accurate), 'figure-accuracy-accurate'),
      );
      const at = (entry) => Date.parse(`${entry.day}T12:00:00Z`);
      drawTimeChart(
        chart,
        counted.length === 0
          ? {}
          : {
              lines: [
                { name: 'accuracy', colour: '#3fb950', points: counted.map((entry) => [at(entry), Number(entry.accuracyPercent)]) },
                { name: 'items counted', colour: '#8a99a8', points: counted.map((entry) => [at(entry), entry.counted]), dash: '2 3', axis: 'right' },
              ],
              unit: ' %',
              rightUnit: ' items',
            },
      );
    }
    chart.dataset.loaded = 'true';
  }

  const REASONS = {
    'negative-on-hand': 'negative on hand',
    'sold-while-book-empty': 'sold while the book was empty',
    'recent-variances': 'recent count variances',
    'shrinkage-adjustments': 'shrinkage adjustments',
    'count-age': 'long since last counted',
    class: 'class by value and velocity',
  };
  const STATUSES = { open: 'to count', recount: 'recount asked', 'awaiting-approval': 'awaiting approval', posting: 'posting', posted: 'posted', rejected: 'rejected' };

  function counterName(counter) {
    if (!counter) return '–';
    return counter.label ? `${counter.label} (${counter.keyId})` : counter.keyId;
  }

  async function loadCountList() {
    const answer = await getJson(`/api/locations/${encodeURIComponent(locationId)}/count-list`);
    const table = byId('count-list-table');
    const figures = byId('count-list-figures');
    const panel = answer.ok ? answer.body.list : { status: 'unavailable', message: answer.message };
    figures.replaceChildren();
    if (panel.status !== 'ok') {
      byId('count-list-note').textContent = `unavailable: ${panel.message}`;
      fillTable('count-list-table', [], 8, panel.message);
    } else if (panel.data === null) {
      byId('count-list-note').textContent = `${answer.body.day}: no list made yet`;
      fillTable('count-list-table', [], 8, 'no count list has been made for today yet: it is made when the store first asks for it');
    } else {
      const list = panel.data;
      byId('count-list-note').textContent = `${list.day}: ${formatNumber(list.items.length)} items`;
      const counted = list.items.filter((item) => item.countedBy).length;
      figures.replaceChildren(
        ...[
          ['counted', counted, 'figure-list-counted'],
          ['recounted', list.items.filter((item) => item.recountedBy).length, 'figure-list-recounted'],
          ['awaiting approval', list.statuses['awaiting-approval'], 'figure-list-awaiting'],
          ['still to count', list.statuses.open + list.statuses.recount, 'figure-list-open'],
        ].flatMap(([term, value, id]) => {
          const definition = element('dd', formatNumber(value));
          definition.id = id;
          return [element('dt', term), definition];
        }),
      );
      fillTable(
        'count-list-table',
        list.items.map((item) => ({
          key: item.sku,
          cells: [
            [String(item.position), 'num'],
            link(item.sku, itemHref(item.sku, list.locationId)),
            item.abcClass,
            [...item.reasons.map((reason) => REASONS[reason] || reason), ...(item.dueForCycle ? ['due in its count cycle'] : [])].join(', ') || '–',
            [STATUSES[item.status] || item.status, item.status === 'awaiting-approval' || item.status === 'recount' ? 'bad' : ''],
            counterName(item.countedBy),
            counterName(item.recountedBy),
            counterName(item.reviewedBy),
          ],
        })),
        8,
        'nothing to count at this location today',
      );
    }
    table.dataset.loaded = 'true';
  }

  function renderPage(page) {
    const pages = Math.max(1, Math.ceil(page.total / page.perPage));
    byId('stock-count').textContent = `${formatNumber(page.total)} ${view.state === 'all' ? 'balances' : view.state === 'stockout' ? 'out of stock' : view.state}`;
    fillTable(
      'balances-table',
      page.items.map((row) => ({
        key: row.sku,
        cells: [
          row.notInLedger ? `${row.sku} (not in the ledger)` : link(row.sku, itemHref(row.sku, row.locationId)),
          [formatNumber(row.onHand), row.onHand < 0 ? 'num bad' : 'num'],
          [formatNumber(row.reserved), 'num'],
          [formatNumber(row.available), row.available < 0 ? 'num bad' : 'num'],
          [formatNumber(row.inTransit), 'num'],
          [formatNumber(row.onOrder), 'num'],
          [formatMoney(row.inventoryValue), 'num'],
          [formatMoney(row.averageUnitCost), 'num'],
          [formatNumber(row.lowStockThreshold), 'num'],
          [formatNumber(row.daysOfCover, 1), 'num'],
          formatDateTime(row.lastMovementAt),
        ],
      })),
      11,
      'no balances in this state',
    );
    const coverNote =
      view.sort !== 'daysOfCover'
        ? ''
        : page.sortedWithin === 'page'
          ? '; sorted by it within this page (the location in SKU order), items without a forecast last'
          : `; the whole location sorted by it (${formatNumber(page.withCover)} of ${formatNumber(page.total)} items have one), items without a forecast last`;
    byId('cover-status').textContent = page.cover.status === 'ok' ? `days of cover: on hand over the forecast daily demand, where reorder-forecasting has a forecast${coverNote}` : `days of cover unavailable: ${page.cover.message}`;
    byId('page-status').textContent = `page ${formatNumber(page.page)} of ${formatNumber(pages)}`;
    const previous = byId('page-previous');
    previous.disabled = page.page <= 1;
    previous.onclick = () => go({ page: String(page.page - 1) });
    const next = byId('page-next');
    next.disabled = page.page >= pages;
    next.onclick = () => go({ page: String(page.page + 1) });
  }

  async function load() {
    if (!locationId) {
      showMessage('Choose a location: this page needs one (location.html?location=…). Use the search above.');
      byId('main').hidden = true;
      return;
    }
    const base = `/api/locations/${encodeURIComponent(locationId)}`;
    const query = new URLSearchParams(view).toString();
    const [summary, page] = await Promise.all([getJson(base), getJson(`${base}/balances?${query}`)]);
    byId('main').setAttribute('aria-busy', 'false');
    if (!summary.ok) {
      showMessage(summary.message);
      byId('main').hidden = true;
      return;
    }
    renderSummary(summary.body);
    renderControls();
    void loadShrinkage();
    void loadAccuracy();
    void loadCountList();
    if (!page.ok) {
      showMessage(page.message);
      fillTable('balances-table', [], 11, page.message);
      return;
    }
    renderPage(page.body);
    byId('main').dataset.loaded = 'true';
  }

  document.addEventListener('DOMContentLoaded', load);
})();
