// The ops dashboard page: listens to the server-sent snapshot stream and redraws every panel;
// each SKU links to its item page; alerts and dead letters carry their actions (actions.js). Plain browser JavaScript with no build step (helpers in common.js). Values from events are only ever set as text,
// never parsed as HTML, since they carry whatever tills and services put in them.
'use strict';

(function startDashboard() {
  const COLOURS = ['#58a6ff', '#3fb950', '#d29922', '#f85149', '#bc8cff', '#39c5cf', '#ff7b72', '#a5d6ff', '#7ee787', '#ffa657'];
  const { byId, element, link, itemHref, locationHref, formatNumber, formatTime, fillTable, authorizedFetch, showMessage } = window.Ledgerline;
  const { acknowledgementCell, lettersCell } = window.LedgerlineActions;
  const keyLink = (sku, locationId) => link(`${sku} @ ${locationId}`, itemHref(sku, locationId));

  function pill(status) {
    return element('span', status, `pill ${status}`);
  }

  /** A small line chart of several series over the last `windowMs`, drawn as SVG by hand. */
  function drawChart(svgId, series, windowMs, unit) {
    const svg = byId(svgId);
    const width = 600;
    const height = 160;
    const left = 44;
    const bottom = 18;
    const now = Date.now();
    const max = Math.max(1, ...series.flatMap((line) => line.points.map((point) => point[1])));
    const x = (time) => left + ((time - (now - windowMs)) / windowMs) * (width - left - 6);
    const y = (value) => 6 + (1 - value / max) * (height - bottom - 12);
    const ns = 'http://www.w3.org/2000/svg';
    const shape = (tag, attributes, text) => {
      const node = document.createElementNS(ns, tag);
      for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
      if (text !== undefined) node.textContent = text;
      return node;
    };
    const nodes = [
      shape('line', { x1: left, x2: width - 6, y1: y(max), y2: y(max), class: 'grid' }),
      shape('line', { x1: left, x2: width - 6, y1: y(0), y2: y(0), class: 'grid' }),
      shape('text', { x: 2, y: y(max) + 4 }, `${formatNumber(max, max < 10 ? 1 : 0)}${unit}`),
      shape('text', { x: 2, y: y(0) + 4 }, `0${unit}`),
      shape('text', { x: left, y: height - 4 }, `-${Math.round(windowMs / 60000)} min`),
      shape('text', { x: width - 30, y: height - 4 }, 'now'),
    ];
    series.forEach((line, index) => {
      // A series holds a point only when its value changed: start from the value the window opens
      // with and draw the latest value on to now.
      const start = now - windowMs;
      const before = line.points.filter((point) => point[0] < start).pop();
      const inside = line.points.filter((point) => point[0] >= start);
      const drawn = [...(before ? [[start, before[1]]] : []), ...inside];
      if (drawn.length === 0) return;
      drawn.push([now, drawn[drawn.length - 1][1]]);
      const points = drawn.map((point) => `${x(point[0]).toFixed(1)},${y(point[1]).toFixed(1)}`);
      nodes.push(shape('polyline', { points: points.join(' '), stroke: COLOURS[index % COLOURS.length] }, undefined));
    });
    svg.replaceChildren(...nodes);
  }

  function swatch(index, text) {
    const span = element('span');
    const box = element('span', null, 'swatch');
    box.style.background = COLOURS[index % COLOURS.length];
    span.append(box, document.createTextNode(text));
    return span;
  }

  function renderServices(snapshot) {
    const cards = [];
    const card = (name, status, lines) => {
      const node = element('div', null, 'card');
      node.id = `service-${name}`;
      node.dataset.status = status;
      const title = element('div');
      title.append(element('span', `${name} `, 'name'), pill(status));
      node.appendChild(title);
      for (const line of lines) if (line) node.appendChild(element('div', line, 'detail'));
      return node;
    };
    cards.push(card('kafka', snapshot.kafka.status, [snapshot.kafka.detail]));
    for (const service of snapshot.services) {
      const rates = service.consumedPerSecond === null && service.publishedPerSecond === null ? null : `processed ${formatNumber(service.consumedPerSecond, 1)}/s, published ${formatNumber(service.publishedPerSecond, 1)}/s`;
      cards.push(card(service.name, service.status, [service.detail, rates, service.url]));
    }
    const drift = snapshot.drift;
    const driftLines =
      drift.status === 'ok'
        ? ['every balance audited equals the sum of its ledger movements']
        : drift.status === 'drift'
          ? [
              `${formatNumber(drift.audit ? drift.audit.mismatchesOpen : drift.keys.length)} open mismatches`,
              ...drift.keys.slice(0, 8).map((key) => `${key.sku} @ ${key.locationId} ${key.field}: stored ${key.stored}, movements ${key.fromMovements}`),
              ...(drift.locations.length > 0 ? [`${formatNumber(drift.audit ? drift.audit.locationMismatchesOpen : drift.locations.length)} location totals disagree with their balances`] : []),
              ...drift.locations.slice(0, 8).map((total) => `${total.locationId} total ${total.field}: kept ${total.kept}, balances ${total.fromBalances}`),
            ]
          : [drift.detail];
    cards.push(card('drift', drift.status, [...driftLines, ...auditLines(drift.audit), drift.checkedAt ? `checked ${formatTime(drift.checkedAt)}` : null]));
    byId('services').replaceChildren(...cards);
  }

  function auditLines(audit) {
    if (!audit) return [];
    const progress = audit.passPhase === 'location-totals' ? "balances done, checking each location's totals" : audit.passProgress === null ? 'under way' : `${formatNumber(audit.passProgress * 100, 1)} %`;
    const pass = audit.passNumber === null ? 'audit resting between passes' : `audit pass ${audit.passNumber}: ${progress}`;
    const last = audit.lastFullPass
      ? `last full pass ${formatTime(audit.lastFullPass.finishedAt)}: ${formatNumber(audit.lastFullPass.keysChecked)} balances in ${formatNumber(audit.lastFullPass.durationSeconds, 1)} s`
      : 'no full pass yet';
    return [pass, last];
  }

  function renderFlow(snapshot) {
    const windowMs = snapshot.historySeconds * 1000;
    byId('flow-total').textContent = snapshot.throughput.totalPerSecond === null ? '–' : `${formatNumber(snapshot.throughput.totalPerSecond, 1)}/s`;
    const topics = snapshot.throughput.topics.filter((topic) => topic.total !== null);
    drawChart('flow-chart', topics.map((topic) => ({ name: topic.topic, points: topic.series })), windowMs, '/s');
    fillTable(
      'flow-table',
      topics.map((topic, index) => ({ key: topic.topic, cells: [swatch(index, topic.topic), `${topic.producers.join(', ')} → ${topic.consumers.join(', ')}`, [formatNumber(topic.eventsPerSecond, 1), 'num'], [formatNumber(topic.total), 'num']] })),
      4,
      'no platform topics on the broker yet',
      (row) => row.key,
    );
    byId('lag-total').textContent = formatNumber(snapshot.lag.total);
    drawChart('lag-chart', snapshot.lag.groups.map((group) => ({ name: group.groupId, points: group.series })), windowMs, '');
    fillTable(
      'lag-table',
      snapshot.lag.groups.map((group, index) => ({ key: group.groupId, cells: [swatch(index, group.groupId), group.topics.map((topic) => `${topic.topic} ${formatNumber(topic.lag)}`).join(', '), [formatNumber(group.lag), 'num']] })),
      3,
      'no consumer group has committed offsets on platform topics',
      (row) => row.key,
    );
  }

  function renderStock(stock) {
    byId('stock-tracked').textContent = formatNumber(stock.tracked);
    byId('stock-negative').textContent = formatNumber(stock.negative);
    byId('stock-stockout').textContent = formatNumber(stock.stockout);
    byId('stock-low').textContent = formatNumber(stock.low);
    byId('stock-value').textContent = formatNumber(Number(stock.inventoryValue), 2);
    const key = (row) => `${row.sku}@${row.locationId}`;
    fillTable('negative-table', stock.negativeRows.map((row) => ({ key: key(row), cells: [link(row.sku, itemHref(row.sku, row.locationId)), link(row.locationId, locationHref(row.locationId)), [formatNumber(row.onHand), 'num'], [formatNumber(row.onOrder), 'num']] })), 4, 'none', (row) => row.key);
    fillTable('low-table', stock.lowRows.map((row) => ({ key: key(row), cells: [link(row.sku, itemHref(row.sku, row.locationId)), link(row.locationId, locationHref(row.locationId)), [formatNumber(row.onHand), 'num'], [formatNumber(row.threshold), 'num'], [formatNumber(row.onOrder), 'num']] })), 5, 'none', (row) => row.key);
    fillTable('recent-stock-table', stock.recentRows.map((row) => ({ key: key(row), cells: [link(row.sku, itemHref(row.sku, row.locationId)), link(row.locationId, locationHref(row.locationId)), [formatNumber(row.onHand), 'num'], formatTime(row.updatedAt)] })), 4, 'no stock levels yet', (row) => row.key);
  }

  function renderEvents(snapshot) {
    byId('alerts-total').textContent = formatNumber(snapshot.alerts.total);
    byId('alert-types').replaceChildren(...snapshot.alerts.byType.map((entry) => element('span', `${entry.category} ${entry.count}`, 'pill')));
    fillTable(
      'alerts-table',
      snapshot.alerts.recent.map((alert) => ({ key: alert.alertId, cells: [formatTime(alert.raisedAt), element('span', alert.type, `pill ${alert.severity}`), keyLink(alert.sku, alert.locationId), alert.message, acknowledgementCell(alert)] })),
      5,
      'no alerts',
      (row) => row.key,
    );
    byId('suggestions-open').textContent = formatNumber(snapshot.suggestions.open);
    fillTable(
      'suggestions-table',
      snapshot.suggestions.recent.map((suggestion) => ({ key: suggestion.suggestionId, cells: [keyLink(suggestion.sku, suggestion.locationId), [formatNumber(suggestion.stockPosition), 'num'], [formatNumber(suggestion.reorderPoint), 'num'], [formatNumber(suggestion.orderQuantity), 'num'], suggestion.method] })),
      5,
      'none open',
      (row) => row.key,
    );
    const rejections = snapshot.rejections;
    byId('rejections-status').textContent = rejections.status === 'ok' ? 'pos-ingestion and dead-letter topics' : `dead-letter topics only: ${rejections.detail}`;
    fillTable(
      'rejections-table',
      rejections.recent.map((row) => ({ key: row.id, cells: [formatTime(row.time), row.source, row.storeId ?? '–', row.transactionId ?? '–', row.code, row.path ?? '–', row.reason] })),
      7,
      'no rejected events',
      (row) => row.key,
    );
  }

  function renderDeadLetters(deadLetters) {
    byId('dead-letters-open').textContent = formatNumber(deadLetters.open);
    fillTable(
      'dead-letters-table',
      deadLetters.byReason.map((entry) => ({ key: `${entry.service}:${entry.reasonCode}`, cells: [entry.service, entry.reasonCode, [formatNumber(entry.count), 'num'], lettersCell(entry)] })),
      4,
      'none open',
      (row) => row.key,
    );
  }

  function render(snapshot) {
    byId('generated-at').textContent = formatTime(snapshot.generatedAt);
    byId('events-read-total').textContent = formatNumber(snapshot.eventsRead.total);
    renderServices(snapshot);
    renderFlow(snapshot);
    renderStock(snapshot.stock);
    renderEvents(snapshot);
    renderDeadLetters(snapshot.deadLetters);
  }

  function status(text, className) {
    const connection = byId('connection');
    connection.textContent = text;
    connection.className = `pill ${className}`;
  }

  let latest;
  function onEvent(type, data) {
    if (type === 'snapshot') {
      latest = JSON.parse(data);
      render(latest);
    } else if (type === 'heartbeat' && latest) {
      // Nothing changed: the picture stands as of the heartbeat; the charts move on in time.
      render({ ...latest, generatedAt: JSON.parse(data).generatedAt });
    }
  }

  /**
   * The server-sent event stream read with fetch, which (unlike EventSource) sends the credential
   * as a header: events are blocks of `event:` and `data:` lines ended by a blank line. A dropped
   * stream is opened again after a pause; a refused credential waits for a sign-in instead.
   */
  async function connect() {
    let response;
    try {
      response = await authorizedFetch('/api/events', { headers: { accept: 'text/event-stream' } });
    } catch {
      response = undefined;
    }
    if (response && (response.status === 401 || response.status === 403)) {
      status(response.status === 401 ? 'signed out' : 'not allowed', 'down');
      const body = await response.json().catch(() => undefined);
      if (response.status === 403 && body && body.message) showMessage(body.message);
      return;
    }
    if (!response || !response.ok || !response.body) {
      status('reconnecting', 'down');
      setTimeout(connect, 2_000);
      return;
    }
    status('live', 'live');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += value.replace(/\r\n/g, '\n');
        let end;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          let type = 'message';
          const data = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) type = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
          }
          if (data.length > 0) onEvent(type, data.join('\n'));
        }
      }
    } catch {
      // dropped: opened again below
    }
    status('reconnecting', 'down');
    setTimeout(connect, 2_000);
  }

  void connect();
})();
