// The item page: one SKU at one location (?sku=&location=). Its balance (with what is reserved and
// what can still be promised) and other locations, its levels after each recent movement, its
// reservation events, demand beside the forecast and the policy's levels, its
// movements a page at a time, its reorder suggestions and alerts. Every figure is drawn from the
// dashboard's /api/items answer as it came; the page computes no business figure of its own.
'use strict';

(function itemPage() {
  const { byId, element, itemHref, locationHref, formatNumber, formatMoney, formatDateTime, getJson, showMessage, fillTable, drawTimeChart } = window.Ledgerline;
  const params = new URLSearchParams(window.location.search);
  const sku = params.get('sku');
  const locationId = params.get('location');
  const day = (text) => Date.parse(`${text}T00:00:00Z`);

  function figures(list, entries) {
    list.replaceChildren(
      ...entries.flatMap(([term, value, id]) => {
        const definition = element('dd', value);
        if (id) definition.id = id;
        return [element('dt', term), definition];
      }),
    );
  }

  function renderBalance(item) {
    const balance = item.balance;
    byId('item-title').textContent = `${item.sku} at ${item.locationId}`;
    document.title = `${item.sku} at ${item.locationId} · Ledgerline operations`;
    figures(byId('balance'), [
      ['on hand', formatNumber(balance.onHand), 'figure-on-hand'],
      ['in transit', formatNumber(balance.inTransit), 'figure-in-transit'],
      ['on order', formatNumber(balance.onOrder), 'figure-on-order'],
      ['reserved', formatNumber(balance.reserved), 'figure-reserved'],
      ['available', formatNumber(balance.available), 'figure-available'],
      [
        'to promise (default channel)',
        item.availableToPromise.status === 'ok'
          ? `${formatNumber(item.availableToPromise.data.available)}${item.availableToPromise.data.safetyBuffer > 0 ? ` (${formatNumber(item.availableToPromise.data.safetyBuffer)} kept back)` : ''}`
          : item.availableToPromise.message,
        'figure-to-promise',
      ],
      ['value', formatMoney(balance.inventoryValue), 'figure-value'],
      ['average cost', formatMoney(balance.averageUnitCost), 'figure-average-cost'],
      ['movements', formatNumber(balance.balanceVersion)],
      ['last movement', formatDateTime(balance.lastMovementAt)],
    ]);
    const select = byId('location-switch');
    const locations = item.locations.status === 'ok' ? item.locations.data : [{ locationId: item.locationId, onHand: balance.onHand }];
    select.replaceChildren(
      ...locations.map((entry) => {
        const option = element('option', `${entry.locationId} (on hand ${formatNumber(entry.onHand)})`);
        option.value = entry.locationId;
        option.selected = entry.locationId === item.locationId;
        return option;
      }),
    );
    select.onchange = () => {
      window.location.href = itemHref(item.sku, select.value);
    };
    byId('location-link').href = locationHref(item.locationId);
    byId('location-link').textContent = `all stock at ${item.locationId}`;
  }

  function renderLevels(levels) {
    const note = byId('levels-note');
    if (levels.status !== 'ok') {
      note.textContent = levels.message;
      drawTimeChart(byId('levels-chart'), {});
      return;
    }
    const points = levels.data.points;
    // Drawn in the order applied; a movement dated before the one applied ahead of it is drawn at that one's time.
    let latest = -Infinity;
    const at = points.map((point) => (latest = Math.max(latest, Date.parse(point.occurredAt))));
    const series = (field) => points.map((point, index) => [at[index], point[field]]);
    note.textContent = `after each of the last ${formatNumber(points.length)} movements`;
    drawTimeChart(byId('levels-chart'), {
      lines: [
        { name: 'on hand', colour: '#58a6ff', points: series('onHand'), step: true },
        { name: 'in transit', colour: '#d29922', points: series('inTransit'), step: true },
        { name: 'on order', colour: '#3fb950', points: series('onOrder'), step: true, dash: '5 3' },
      ],
    });
  }

  function renderReservations(reservations) {
    const note = byId('reservations-note');
    if (reservations.status !== 'ok') {
      note.textContent = reservations.message;
      drawTimeChart(byId('reservations-chart'), {});
      fillTable('reservations-table', [], 7, reservations.message);
      return;
    }
    // The ledger answers newest first; drawn oldest first.
    const events = reservations.data;
    const chronological = [...events].reverse();
    const series = (field) => chronological.map((event) => [Date.parse(event.recordedAt), event[field]]);
    note.textContent = events.length === 0 ? 'no reservation yet' : `the last ${formatNumber(events.length)} events`;
    drawTimeChart(
      byId('reservations-chart'),
      events.length === 0
        ? {}
        : {
            lines: [
              { name: 'reserved', colour: '#bc8cff', points: series('reservedAfter'), step: true },
              // On its own scale: a few units reserved would be flat against hundreds on hand.
              { name: 'on hand', colour: '#58a6ff', points: series('onHandAfter'), step: true, dash: '5 3', axis: 'right' },
            ],
            rightUnit: ' units',
          },
    );
    fillTable(
      'reservations-table',
      events.slice(0, 10).map((event) => ({
        key: String(event.eventSeq),
        cells: [formatDateTime(event.recordedAt), event.kind, event.reservationId, [formatNumber(event.quantity), 'num'], [formatNumber(event.reservedAfter), 'num'], [formatNumber(event.onHandAfter), 'num'], event.movementId || '–'],
      })),
      7,
      'no reservation events',
    );
  }

  function renderDemand(item) {
    const notes = [];
    const lines = [];
    const bands = [];
    const levels = [];
    if (item.demand.status === 'ok') {
      const days = item.demand.data.days;
      lines.push({ name: 'demand per day', colour: '#58a6ff', points: days.map((entry) => [day(entry.day), entry.demand]) });
      lines.push({ name: 'closing on hand', colour: '#8a99a8', points: days.map((entry) => [day(entry.day), entry.closingOnHand]), step: true, dash: '2 3', axis: 'right' });
    } else notes.push(`demand: ${item.demand.message}`);
    if (item.forecast.status === 'ok') {
      const forecast = item.forecast.data;
      lines.push({ name: `forecast (${forecast.method})`, colour: '#bc8cff', points: forecast.days.map((entry) => [day(entry.day), entry.mean]) });
      bands.push({ name: '80% prediction interval', colour: 'rgba(188, 140, 255, 0.25)', points: forecast.days.map((entry) => [day(entry.day), entry.lower80, entry.upper80]) });
    } else notes.push(`forecast: ${item.forecast.message}`);
    const current = item.policy.status === 'ok' ? item.policy.data.current : null;
    if (current) {
      levels.push({ name: 'reorder point', colour: '#f85149', value: current.reorderPoint, axis: 'right' });
      levels.push({ name: 'safety stock', colour: '#ffa657', value: current.safetyStock, axis: 'right' });
    } else notes.push(item.policy.status === 'ok' ? 'policy: no fitted numbers yet' : `policy: ${item.policy.message}`);
    byId('demand-note').textContent = notes.join('; ');
    drawTimeChart(byId('demand-chart'), { lines, bands, levels, unit: '/day', rightUnit: ' units' });
    figures(
      byId('policy'),
      current
        ? [
            ['forecast per day', formatNumber(current.forecastDailyDemand, 2)],
            ['safety stock', formatNumber(current.safetyStock, 1), 'figure-safety-stock'],
            ['reorder point', formatNumber(current.reorderPoint, 1), 'figure-reorder-point'],
            ['order quantity', formatNumber(current.orderQuantity)],
            ['lead time', current.leadTime ? `${formatNumber(current.leadTime.meanDays, 1)} days` : '–'],
          ]
        : [],
    );
  }

  function renderSuggestions(suggestions) {
    byId('suggestions-status').textContent = suggestions.status === 'ok' ? '' : suggestions.message;
    const rows = suggestions.status === 'ok' ? suggestions.data : [];
    fillTable(
      'suggestions-table',
      rows.map((row) => ({ key: row.suggestionId, cells: [formatDateTime(row.raisedAt), element('span', row.state, `pill ${row.state === 'open' ? 'warning' : 'ok'}`), [formatNumber(row.stockPosition), 'num'], [formatNumber(row.reorderPoint, 1), 'num'], [formatNumber(row.orderQuantity), 'num']] })),
      5,
      'no suggestions',
    );
  }

  function renderAlerts(alerts) {
    fillTable('alerts-table', alerts.map((alert) => ({ key: alert.alertId, cells: [formatDateTime(alert.raisedAt), element('span', alert.type, `pill ${alert.severity}`), alert.message] })), 3, 'no recent alerts');
  }

  // Movements page by balance version; the versions that opened the pages seen are kept to go back.
  const opened = [];
  let before;
  async function loadMovements(pageBefore) {
    const query = pageBefore === undefined ? '' : `?before=${pageBefore}`;
    const answer = await getJson(`/api/items/${encodeURIComponent(sku)}/${encodeURIComponent(locationId)}/movements${query}`);
    if (!answer.ok) {
      fillTable('movements-table', [], 8, answer.message);
      return;
    }
    before = pageBefore;
    const { items, nextBeforeVersion } = answer.body;
    fillTable(
      'movements-table',
      items.map((movement) => {
        const source = (movement.payload && movement.payload.source) || {};
        const document = source.documentId || source.transactionId || movement.causedByMovementId || '–';
        return {
          key: movement.movementId,
          cells: [formatDateTime(movement.occurredAt), movement.kind, [formatNumber(movement.quantityDelta), 'num'], [formatNumber(movement.onHandAfter), 'num'], [formatMoney(movement.valueDelta), 'num'], [source.system, source.storeId].filter(Boolean).join(' ') || '–', document, [formatNumber(movement.balanceVersion), 'num']],
        };
      }),
      8,
      'no movements',
    );
    const older = byId('movements-older');
    older.disabled = nextBeforeVersion === null;
    older.onclick = () => {
      opened.push(before);
      loadMovements(nextBeforeVersion);
    };
    const newer = byId('movements-newer');
    newer.disabled = opened.length === 0;
    newer.onclick = () => loadMovements(opened.pop());
    const first = items[0];
    const last = items[items.length - 1];
    byId('movements-page').textContent = first ? `versions ${formatNumber(first.balanceVersion)} to ${formatNumber(last.balanceVersion)}` : '';
  }

  async function load() {
    if (!sku || !locationId) {
      showMessage('Choose an item: this page needs a SKU and a location (item.html?sku=…&location=…). Use the search above.');
      byId('main').hidden = true;
      return;
    }
    const answer = await getJson(`/api/items/${encodeURIComponent(sku)}/${encodeURIComponent(locationId)}`);
    byId('main').setAttribute('aria-busy', 'false');
    if (!answer.ok) {
      showMessage(answer.message);
      byId('main').hidden = true;
      return;
    }
    const item = answer.body;
    renderBalance(item);
    renderLevels(item.levels);
    renderReservations(item.reservations);
    renderDemand(item);
    renderSuggestions(item.suggestions);
    renderAlerts(item.alerts);
    await loadMovements(undefined);
    byId('main').dataset.loaded = 'true';
  }

  document.addEventListener('DOMContentLoaded', load);
})();
