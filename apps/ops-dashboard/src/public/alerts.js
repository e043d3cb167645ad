// The alerts page (?type=&location=&from=&to=&after=): the alerts raised, newest first, narrowed by
// type, location and time range, a page at a time, each acknowledged (who, when, the note) or with
// a button for an operator to acknowledge it. The address holds the whole view, so a filtered list
// can be shared or reloaded; times are entered and shown in UTC.
'use strict';

(function alertsPage() {
  const { byId, element, link, itemHref, formatDateTime, getJson, showMessage, fillTable } = window.Ledgerline;
  const { acknowledgementCell } = window.LedgerlineActions;
  const FILTERS = ['type', 'location', 'from', 'to'];
  const params = new URLSearchParams(window.location.search);

  /** datetime-local holds no zone: the page reads and writes it as UTC. */
  const toInput = (iso) => (iso && !Number.isNaN(Date.parse(iso)) ? new Date(iso).toISOString().slice(0, 19) : '');
  const fromInput = (value) => (value ? `${value.length === 16 ? `${value}:00` : value}Z` : '');

  function mountFilter() {
    byId('filter-type').value = params.get('type') || '';
    byId('filter-location').value = params.get('location') || '';
    byId('filter-from').value = toInput(params.get('from'));
    byId('filter-to').value = toInput(params.get('to'));
    byId('alert-filter').addEventListener('submit', (event) => {
      event.preventDefault();
      const next = new URLSearchParams();
      const values = { type: byId('filter-type').value, location: byId('filter-location').value.trim(), from: fromInput(byId('filter-from').value), to: fromInput(byId('filter-to').value) };
      for (const name of FILTERS) if (values[name]) next.set(name, values[name]);
      window.location.search = next.toString();
    });
  }

  function acknowledgement(alert) {
    const ack = alert.acknowledgement;
    if (!ack) return acknowledgementCell(alert);
    const text = element('span', `${ack.by}, ${formatDateTime(ack.acknowledgedAt)}: ${ack.note}`, 'acknowledged');
    text.title = `credential ${ack.keyId}`;
    return text;
  }

  function render(page) {
    fillTable(
      'alert-log-table',
      page.items.map((alert) => ({
        key: `${alert.alertId}@${alert.raisedAt}`,
        cells: [formatDateTime(alert.raisedAt), [alert.type, `type-${alert.type}`], link(`${alert.sku} @ ${alert.locationId}`, itemHref(alert.sku, alert.locationId)), alert.message, acknowledgement(alert)],
      })),
      5,
      'no alerts match this filter',
    );
    byId('alerts-status').textContent = `${page.items.length} alert${page.items.length === 1 ? '' : 's'} on this page${params.get('after') ? ', after the newer ones' : ''}${page.next ? '; older ones follow' : ''}`;
    const older = byId('alerts-older');
    older.disabled = page.next === null;
    older.onclick = () => {
      const next = new URLSearchParams(params);
      next.set('after', page.next);
      window.location.search = next.toString();
    };
  }

  async function load() {
    mountFilter();
    document.addEventListener('ledgerline:acknowledged', () => void refresh());
    await refresh();
  }

  async function refresh() {
    const query = new URLSearchParams();
    for (const name of [...FILTERS, 'after']) if (params.get(name)) query.set(name, params.get(name));
    const answer = await getJson(`/api/alerts?${query}`);
    byId('main').setAttribute('aria-busy', 'false');
    if (!answer.ok) {
      showMessage(answer.message);
      fillTable('alert-log-table', [], 5, answer.message);
      byId('alerts-older').disabled = true;
      return;
    }
    render(answer.body);
    byId('main').dataset.loaded = 'true';
  }

  document.addEventListener('DOMContentLoaded', load);
})();
