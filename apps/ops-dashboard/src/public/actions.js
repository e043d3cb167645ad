// What an operator does from the dashboard's pages: acknowledge an alert with a note (the main page
// and the alerts page), and see, replay or discard a dead letter through the service that owns it
// (the main page). Every action is sent with the
// dashboard credential signed in with (kept for this browser tab only) and the operator's name;
// the dashboard's API checks the credential's scope. Values from letters are only ever set as text.
'use strict';

window.LedgerlineActions = (function actions() {
  const { byId, element, link, itemHref, formatTime, credential, authorizedFetch } = window.Ledgerline;
  const STORE = window.sessionStorage;
  let acknowledging;
  let openLetter;

  function operator() {
    return { name: byId('operator-name').value.trim(), credential: credential() };
  }

  /** Sends an action; the answer's body, or { error } in words for the page. */
  async function send(method, url, body) {
    const { name, credential: signedIn } = operator();
    if (!signedIn) return { error: 'Sign in with your dashboard credential first.' };
    if (method === 'POST' && !name) return { error: 'Enter your name under Operator first: every action records who took it.' };
    let response;
    try {
      const headers = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      response = await authorizedFetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify({ ...body, by: name }) });
    } catch {
      return { error: 'The dashboard cannot be reached. Check the connection and try again.' };
    }
    const answer = await response.json().catch(() => undefined);
    if (response.ok && answer !== undefined) return { body: answer };
    return { error: answer && typeof answer.message === 'string' ? `${answer.message} (${answer.code || response.status})` : `The dashboard answered ${response.status}.` };
  }

  /** The acknowledgement dialog, built once for any page that shows alerts. */
  function mountAcknowledgementDialog() {
    const dialog = element('dialog');
    dialog.id = 'ack-dialog';
    dialog.setAttribute('aria-labelledby', 'ack-title');
    const form = element('form');
    Object.assign(form, { id: 'ack-form', method: 'dialog' });
    const title = element('h2', 'Acknowledge alert');
    title.id = 'ack-title';
    const about = element('p', null, 'note');
    about.id = 'ack-alert';
    const label = element('label', 'Note');
    label.htmlFor = 'ack-note';
    const note = element('textarea');
    Object.assign(note, { id: 'ack-note', rows: 3, maxLength: 2000, required: true });
    const error = element('p', null, 'error');
    error.id = 'ack-error';
    error.setAttribute('role', 'alert');
    const submit = element('button', 'Acknowledge');
    Object.assign(submit, { id: 'ack-submit', type: 'submit' });
    const cancel = element('button', 'Cancel');
    Object.assign(cancel, { id: 'ack-cancel', type: 'button' });
    form.append(title, about, label, note, error, submit, cancel);
    dialog.appendChild(form);
    document.body.appendChild(dialog);
  }

  function mountOperator() {
    mountAcknowledgementDialog();
    byId('operator').addEventListener('submit', (event) => event.preventDefault());
    for (const id of ['operator-name']) {
      const input = byId(id);
      input.value = STORE.getItem(`ledgerline.${id}`) || '';
      input.addEventListener('change', () => STORE.setItem(`ledgerline.${id}`, input.value.trim()));
    }
    byId('ack-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void acknowledge();
    });
    byId('ack-cancel').addEventListener('click', () => byId('ack-dialog').close());
    // Dead letters are acted on from the main page only.
    byId('dead-letter-replay')?.addEventListener('click', () => void act('replay'));
    byId('dead-letter-discard')?.addEventListener('click', () => void act('discard'));
  }

  /** The cell of an alert row: who acknowledged it and when, or a button to acknowledge it. */
  function acknowledgementCell(alert) {
    const ack = alert.acknowledgement;
    if (ack) {
      const text = element('span', `acknowledged by ${ack.by} ${formatTime(ack.acknowledgedAt)}: ${ack.note}`, 'acknowledged');
      text.title = `credential ${ack.keyId}, ${ack.acknowledgedAt}`;
      return text;
    }
    const cell = element('span');
    const button = element('button', 'Acknowledge');
    button.type = 'button';
    button.setAttribute('aria-label', `Acknowledge ${alert.type} of ${alert.sku} at ${alert.locationId}`);
    button.addEventListener('click', () => {
      acknowledging = alert;
      byId('ack-alert').textContent = `${alert.type}: ${alert.message}`;
      byId('ack-note').value = '';
      byId('ack-error').textContent = '';
      byId('ack-dialog').showModal();
      byId('ack-note').focus();
    });
    cell.appendChild(button);
    // A SKU the catalog does not know: the movements are in the ledger; what to do about it.
    if (alert.type === 'unknown-sku') cell.append(' ', link('what to do', '/help.html#unknown-sku'));
    return cell;
  }

  async function acknowledge() {
    const note = byId('ack-note').value.trim();
    if (!note) {
      byId('ack-error').textContent = 'A note is required: say what was done or who is on it.';
      return;
    }
    byId('ack-error').textContent = '';
    const answer = await send('POST', `/api/alerts/${encodeURIComponent(acknowledging.alertId)}/acknowledgement`, { note });
    if (answer.error) {
      byId('ack-error').textContent = answer.error;
      return;
    }
    byId('ack-dialog').close();
    // The main page hears of it from its live feed; the alerts page reads its list again.
    document.dispatchEvent(new CustomEvent('ledgerline:acknowledged', { detail: answer.body }));
  }

  /** The cell of a dead-letter reason row: a button listing its open letters. */
  function lettersCell(entry) {
    const button = element('button', 'Letters');
    button.type = 'button';
    button.setAttribute('aria-label', `Open letters of ${entry.reasonCode} at ${entry.service}`);
    button.addEventListener('click', () => void listLetters(entry.service, entry.reasonCode));
    return button;
  }

  async function listLetters(service, reasonCode) {
    const panel = byId('dead-letter-panel');
    panel.hidden = false;
    byId('dead-letter-list-title').textContent = `${reasonCode} at ${service}`;
    byId('dead-letter-detail').hidden = true;
    const answer = await send('GET', `/api/dead-letters/${encodeURIComponent(service)}?reasonCode=${encodeURIComponent(reasonCode)}`);
    byId('dead-letter-list-status').textContent = answer.error || '';
    const items = answer.error ? [] : answer.body.items;
    window.Ledgerline.fillTable(
      'dead-letter-list',
      items.map((letter) => {
        const show = element('button', 'Show');
        show.type = 'button';
        show.addEventListener('click', () => void showLetter(service, letter.eventId));
        return { key: letter.eventId, cells: [formatTime(letter.failedAt), letter.originalKey || '–', letter.reason, show] };
      }),
      4,
      answer.error ? 'not available' : 'none open',
    );
    panel.scrollIntoView({ block: 'nearest' });
  }

  async function showLetter(service, eventId) {
    const answer = await send('GET', `/api/dead-letters/${encodeURIComponent(service)}/${encodeURIComponent(eventId)}`);
    const detail = byId('dead-letter-detail');
    detail.hidden = false;
    byId('dead-letter-result').textContent = answer.error || '';
    if (answer.error) return;
    openLetter = { service, letter: answer.body };
    drawLetter(openLetter.letter);
  }

  function drawLetter(letter) {
    byId('dead-letter-event').textContent = letter.eventId;
    byId('dead-letter-status').textContent = letter.lastActionBy ? `${letter.status} by ${letter.lastActionBy} ${formatTime(letter.lastActionAt)}` : letter.status;
    byId('dead-letter-reason-code').textContent = `${letter.reasonCode}: ${letter.reason}`;
    byId('dead-letter-errors').textContent = letter.errors.map((error) => `${error.path}: ${error.message}`).join('\n') || '–';
    byId('dead-letter-key').textContent = letter.originalKey || '–';
    byId('dead-letter-value').textContent = pretty(letter.originalValue);
    const skus = byId('dead-letter-skus');
    skus.replaceChildren(...skusOf(letter).flatMap(({ sku, locationId }, index) => [...(index > 0 ? [', '] : []), link(`${sku} @ ${locationId}`, itemHref(sku, locationId))]));
    if (skus.childNodes.length === 0) skus.textContent = 'none named';
    const help = byId('dead-letter-help');
    help.href = `/help.html#${encodeURIComponent(letter.reasonCode)}`;
    const open = letter.status === 'open';
    byId('dead-letter-replay').disabled = !open;
    byId('dead-letter-discard').disabled = !open;
  }

  async function act(action) {
    if (!openLetter) return;
    const { service, letter } = openLetter;
    const reason = byId('dead-letter-discard-reason').value.trim();
    if (action === 'discard' && !reason) {
      byId('dead-letter-result').textContent = 'A reason is required to discard a letter.';
      return;
    }
    const body = action === 'replay' ? { note: byId('dead-letter-note').value.trim() || undefined } : { reason };
    const answer = await send('POST', `/api/dead-letters/${encodeURIComponent(service)}/${encodeURIComponent(letter.eventId)}/${action}`, body);
    byId('dead-letter-result').textContent = answer.error || (action === 'replay' ? `replayed to ${answer.body.topic}` : 'discarded');
    if (!answer.error) await showLetter(service, letter.eventId).then(() => (byId('dead-letter-result').textContent = action === 'replay' ? `replayed to ${answer.body.topic}` : 'discarded'));
  }

  function pretty(value) {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }

  /** The SKUs at locations a refused record names: a movement's or stock change's, or a POS sale's lines at its store. */
  function skusOf(letter) {
    let parsed;
    try {
      parsed = JSON.parse(letter.originalValue);
    } catch {
      return [];
    }
    const record = parsed && typeof parsed === 'object' && parsed.payload && typeof parsed.payload === 'object' ? parsed.payload : parsed;
    if (!record || typeof record !== 'object') return [];
    const found = [];
    if (typeof record.sku === 'string' && typeof record.locationId === 'string') found.push({ sku: record.sku, locationId: record.locationId });
    if (Array.isArray(record.lines) && typeof record.storeId === 'string') {
      for (const line of record.lines) if (line && typeof line.sku === 'string') found.push({ sku: line.sku, locationId: record.storeId });
    }
    return found.filter((entry, index) => found.findIndex((other) => other.sku === entry.sku && other.locationId === entry.locationId) === index).slice(0, 20);
  }

  document.addEventListener('DOMContentLoaded', mountOperator);
  return { acknowledgementCell, lettersCell };
})();
