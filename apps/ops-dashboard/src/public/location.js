// The location page (?location=&sort=&direction=&state=&page=): how many balances are negative,
// out of stock and low, and the location's stock a page at a time, sorted by a column's button,
// narrowed to one state. The address holds the whole view, so a page can be shared or reloaded.
'use strict';

(function locationPage() {
  const { byId, element, link, itemHref, formatNumber, formatMoney, formatDateTime, getJson, showMessage, fillTable } = window.Ledgerline;
  const params = new URLSearchParams(window.location.search);
  const locationId = params.get('location');
  const view = { sort: params.get('sort') || 'sku', direction: params.get('direction') || 'asc', state: params.get('state') || 'all', page: params.get('page') || '1' };

  function go(changes) {
    const next = new URLSearchParams({ location: locationId, ...view, ...changes });
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
  }

  function renderPage(page) {
    const pages = Math.max(1, Math.ceil(page.total / page.perPage));
    byId('stock-count').textContent = `${formatNumber(page.total)} ${view.state === 'all' ? 'balances' : view.state === 'stockout' ? 'out of stock' : view.state}`;
    fillTable(
      'balances-table',
      page.items.map((row) => ({
        key: row.sku,
        cells: [
          link(row.sku, itemHref(row.sku, row.locationId)),
          [formatNumber(row.onHand), row.onHand < 0 ? 'num bad' : 'num'],
          [formatNumber(row.inTransit), 'num'],
          [formatNumber(row.onOrder), 'num'],
          [formatMoney(row.inventoryValue), 'num'],
          [formatMoney(row.averageUnitCost), 'num'],
          [formatNumber(row.lowStockThreshold), 'num'],
          [formatNumber(row.daysOfCover, 1), 'num'],
          formatDateTime(row.lastMovementAt),
        ],
      })),
      9,
      'no balances in this state',
    );
    byId('cover-status').textContent = page.cover.status === 'ok' ? 'days of cover: on hand over the forecast daily demand, where reorder-forecasting has a forecast' : `days of cover unavailable: ${page.cover.message}`;
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
    if (!page.ok) {
      showMessage(page.message);
      fillTable('balances-table', [], 9, page.message);
      return;
    }
    renderPage(page.body);
    byId('main').dataset.loaded = 'true';
  }

  document.addEventListener('DOMContentLoaded', load);
})();
