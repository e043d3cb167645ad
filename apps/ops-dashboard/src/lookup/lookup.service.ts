// What the search, item and location pages show, put together from what the services already
// answer: the ledger's balances, levels, reservation events, what a key can still promise,
// movements and location pages; reorder-forecasting's demand history, forecast, policy,
// suggestions and days of cover; pos-ingestion's count list of a day and record accuracy; the
// alerts the dashboard holds. Every request
// to a service is one bounded page. The item's balance, the location's summary and a search come
// from the ledger and fail the request when it refuses or is down; every other panel reports its
// own failure so the rest of the page still shows.
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DASHBOARD_CONFIG, type DashboardConfig } from '../config/dashboard.config';
import { DashboardService } from '../dashboard/dashboard.service';
import { rowsInRankingOrder, type CoverRanking } from './cover-ranking';
import { ServiceReader, required, type ServiceAnswer } from './service-reader';

export type Panel<T> = { status: 'ok'; data: T } | { status: 'unavailable'; message: string; code: string | null };

/** Movements per page of an item's history; levels drawn; days of demand drawn. */
export const MOVEMENTS_PER_PAGE = 25;
export const LEVEL_POINTS = 500;
export const DEMAND_DAYS = 120;
export const BALANCES_PER_PAGE = 50;
const SUGGESTIONS_SHOWN = 10;
/** The key's latest reservation events drawn and listed on the item page. */
export const RESERVATION_EVENTS = 100;

export type BalanceListing = { sort: string; direction: string; state: string; page: number };

@Injectable()
export class LookupService {
  private readonly ledger: ServiceReader;
  private readonly forecasting: ServiceReader;
  private readonly ingestion: ServiceReader;

  constructor(
    @Inject(DASHBOARD_CONFIG) config: DashboardConfig,
    private readonly dashboard: DashboardService,
  ) {
    this.ledger = new ServiceReader('inventory-ledger', config.INVENTORY_LEDGER_URL, config.SERVICE_TIMEOUT_MS, config.INVENTORY_LEDGER_CREDENTIAL);
    // Its credential reads the rejections (rejections:read), and a location's count list of a day and its record accuracy (counts:read).
    this.ingestion = new ServiceReader('pos-ingestion', config.POS_INGESTION_URL, config.SERVICE_TIMEOUT_MS, config.POS_INGESTION_CREDENTIAL);
    this.forecasting = new ServiceReader('reorder-forecasting', config.REORDER_FORECASTING_URL, config.SERVICE_TIMEOUT_MS, config.REORDER_FORECASTING_CREDENTIAL);
  }

  async search(text: string): Promise<unknown> {
    return required(await this.ledger.get('/v1/search', { q: text, limit: 12 }));
  }

  async item(sku: string, locationId: string) {
    const key = `${encodeURIComponent(sku)}/${encodeURIComponent(locationId)}`;
    const [balance, locations, levels, reservations, promise, demand, forecast, policy, suggestions] = await Promise.all([
      this.ledger.get(`/v1/stock/${key}`),
      this.ledger.get<Array<{ locationId: string; onHand: number }>>(`/v1/stock/${encodeURIComponent(sku)}`),
      this.ledger.get(`/v1/stock/${key}/levels`, { limit: LEVEL_POINTS }),
      this.ledger.get(`/v1/stock/${key}/reservation-events`, { limit: RESERVATION_EVENTS }),
      // What the default channel can still be promised here: on hand - reserved - its safety buffer.
      this.ledger.get<{ locations: Array<{ locationId: string; safetyBuffer: number; available: number }> }>(`/v1/availability/${encodeURIComponent(sku)}`, { locations: locationId }),
      this.forecasting.get(`/v1/demand/${key}`, { days: DEMAND_DAYS }),
      this.forecasting.get(`/v1/forecasts/${key}`),
      this.forecasting.get(`/v1/policies/${key}`),
      this.forecasting.get(`/v1/suggestions`, { status: 'all', sku, locationId, limit: SUGGESTIONS_SHOWN }),
    ]);
    return {
      sku,
      locationId,
      balance: required(balance),
      locations: panel(locations, (rows) => rows.map((row) => ({ locationId: row.locationId, onHand: row.onHand }))),
      levels: panel(levels),
      reservations: panel(reservations),
      availableToPromise: panel(promise, (answer) => answer.locations.find((row) => row.locationId === locationId) ?? { locationId, safetyBuffer: 0, available: 0 }),
      demand: panel(demand),
      forecast: panel(forecast),
      policy: panel(policy),
      suggestions: panel(suggestions),
      alerts: this.dashboard.alertsOf(sku, locationId),
    };
  }

  async movements(sku: string, locationId: string, before: number | undefined): Promise<unknown> {
    const key = `${encodeURIComponent(sku)}/${encodeURIComponent(locationId)}`;
    return required(await this.ledger.get(`/v1/stock/${key}/history`, { limit: MOVEMENTS_PER_PAGE, beforeVersion: before }));
  }

  async location(locationId: string): Promise<unknown> {
    return required(await this.ledger.get(`/v1/locations/${encodeURIComponent(locationId)}/summary`));
  }

  /**
   * Whether the ledger holds any balance at the location (one row of its stock, by index); undefined
   * when the ledger cannot say, so a filter of the dashboard's own data is not held up by it.
   */
  async locationKnown(locationId: string): Promise<boolean | undefined> {
    const answer = await this.ledger.get<unknown[]>(`/v1/locations/${encodeURIComponent(locationId)}/stock`, { limit: 1 });
    return answer.status === 'ok' && Array.isArray(answer.body) ? answer.body.length > 0 : undefined;
  }

  /** The location's adjustments in the period summed by reason, from the ledger. */
  async shrinkage(locationId: string, from: Date, to: Date): Promise<unknown> {
    return required(await this.ledger.get(`/v1/locations/${encodeURIComponent(locationId)}/shrinkage`, { from: from.toISOString(), to: to.toISOString() }));
  }

  /**
   * The location's inventory record accuracy per day of the period, from pos-ingestion's cycle
   * counts (days are UTC; `to` is excluded). A panel: when pos-ingestion cannot answer, the page
   * says why and shows the rest.
   */
  async recordAccuracy(locationId: string, from: Date, to: Date) {
    const lastIncluded = new Date(Math.max(from.getTime(), to.getTime() - 1));
    const answer = await this.ingestion.get(`/v1/locations/${encodeURIComponent(locationId)}/record-accuracy`, { from: isoDay(from), to: isoDay(lastIncluded) });
    return { locationId, from: from.toISOString(), to: to.toISOString(), accuracy: panel(answer) };
  }

  /**
   * The location's count list of the day from pos-ingestion's cycle counting: why each item is
   * listed, its status and who counted it, never a book or counted figure (counts:read opens no
   * more). No list made that day is an answer (data null); pos-ingestion failing is the panel's.
   */
  async countList(locationId: string, day: string) {
    const answer = await this.ingestion.get(`/v1/locations/${encodeURIComponent(locationId)}/count-lists/${day}`);
    if (answer.status === 'refused' && answer.code === 'COUNTS.UNKNOWN_LIST') return { locationId, day, list: { status: 'ok' as const, data: null } };
    return { locationId, day, list: panel(answer) };
  }

  /**
   * One page of the location's stock from the ledger, with each row's days of cover where
   * reorder-forecasting has a forecast for it. Sorted by days of cover over all the location's
   * stock, reorder-forecasting ranks the page (coverRankedPage); narrowed to a state (which only the
   * ledger knows), or when forecasting cannot rank, days of cover orders the rows of the ledger's
   * page in SKU order instead, and the answer says so (sortedWithin).
   */
  async balances(locationId: string, listing: BalanceListing) {
    if (listing.sort === 'daysOfCover' && listing.state === 'all') {
      const ranked = await this.coverRankedPage(locationId, listing);
      if (ranked) return ranked;
    }
    const byCover = listing.sort === 'daysOfCover';
    const answer = await this.ledger.get<{ total: number; items: Array<{ sku: string }> }>(`/v1/locations/${encodeURIComponent(locationId)}/balances`, {
      sort: byCover ? 'sku' : listing.sort,
      direction: byCover ? 'asc' : listing.direction,
      state: listing.state,
      offset: (listing.page - 1) * BALANCES_PER_PAGE,
      limit: BALANCES_PER_PAGE,
    });
    if (answer.status === 'refused' && answer.code === 'LEDGER.PAGE_PAST_END') throw pastTheEnd(listing.page, answer.message);
    const page = required(answer);
    const skus = page.items.map((row) => row.sku);
    const cover =
      skus.length === 0
        ? panel<{ items: Array<{ sku: string; daysOfCover: number | null }> }>({ status: 'ok', body: { items: [] } })
        : panel(await this.forecasting.get<{ items: Array<{ sku: string; daysOfCover: number | null }> }>(`/v1/cover/${encodeURIComponent(locationId)}`, { skus: skus.join(',') }));
    const coverOf = new Map(cover.status === 'ok' ? cover.data.items.map((row) => [row.sku, row.daysOfCover]) : []);
    const items = page.items.map((row) => ({ ...row, daysOfCover: coverOf.get(row.sku) ?? null }));
    return {
      ...page,
      page: listing.page,
      perPage: BALANCES_PER_PAGE,
      items: byCover ? sortByCover(items, listing.direction === 'desc' ? -1 : 1) : items,
      sortedWithin: byCover ? ('page' as const) : ('location' as const),
      cover: cover.status === 'ok' ? { status: 'ok' as const } : cover,
    };
  }

  /**
   * A page of the location ranked by days of cover by reorder-forecasting (from the index it keeps
   * by location and days of cover), its rows filled in by the ledger (a probe per SKU of the
   * page); undefined when forecasting cannot rank the location, so the page falls back.
   */
  private async coverRankedPage(locationId: string, listing: BalanceListing) {
    const location = encodeURIComponent(locationId);
    const ranking = await this.forecasting.get<CoverRanking>(`/v1/cover/${location}/ranking`, { direction: listing.direction, offset: (listing.page - 1) * BALANCES_PER_PAGE, limit: BALANCES_PER_PAGE });
    if (ranking.status === 'refused' && ranking.code === 'FORECASTING.PAGE_PAST_END') throw pastTheEnd(listing.page, ranking.message);
    if (ranking.status !== 'ok') return undefined;
    const skus = ranking.body.items.map((key) => key.sku);
    if (skus.length === 0) return undefined;
    const ledger = required(await this.ledger.get<{ items: Array<{ sku: string }> }>(`/v1/locations/${location}/balances`, { skus: skus.join(','), limit: skus.length }));
    return {
      locationId,
      sort: listing.sort,
      direction: listing.direction,
      state: listing.state,
      total: ranking.body.total,
      withCover: ranking.body.withCover,
      page: listing.page,
      perPage: BALANCES_PER_PAGE,
      items: rowsInRankingOrder(locationId, ranking.body.items, ledger.items),
      sortedWithin: 'location' as const,
      cover: { status: 'ok' as const },
    };
  }
}

function pastTheEnd(page: number, message: string): HttpException {
  return new HttpException({ code: 'DASHBOARD.PAGE_PAST_END', message: `Page ${page} is past the end: ${message.replace(/^offset \d+ is past the end: /, '')}` }, HttpStatus.NOT_FOUND);
}

/** By days of cover in the direction given; rows without a forecast last either way, then by SKU. */
export function sortByCover<T extends { sku: string; daysOfCover: number | null }>(rows: readonly T[], direction: 1 | -1): T[] {
  return [...rows].sort((a, b) => {
    if (a.daysOfCover === null || b.daysOfCover === null) return a.daysOfCover === b.daysOfCover ? a.sku.localeCompare(b.sku) : a.daysOfCover === null ? 1 : -1;
    return (a.daysOfCover - b.daysOfCover) * direction || a.sku.localeCompare(b.sku);
  });
}

function isoDay(time: Date): string {
  return time.toISOString().slice(0, 10);
}

function panel<T, U = T>(answer: ServiceAnswer<T>, shape?: (body: T) => U): Panel<U> {
  if (answer.status === 'ok') return { status: 'ok', data: shape ? shape(answer.body) : (answer.body as unknown as U) };
  return { status: 'unavailable', message: answer.message, code: answer.status === 'refused' ? answer.code : null };
}
