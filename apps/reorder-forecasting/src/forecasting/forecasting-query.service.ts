// Read and write side of the API: forecasts, policies (with their current numbers) and suggestions.
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FORECASTING_CONFIG, type ForecastingConfig, defaultPolicyOf } from '../config/forecasting.config';
import { effectivePolicy } from '../domain/item-policy';
import { type ItemLocation, itemKey } from '../domain/stock-change';
import { DemandSql } from '../persistence/demand-sql';
import { ForecastSql } from '../persistence/forecast-sql';
import { SuggestionSql } from '../persistence/suggestion-sql';
import type { PolicyBody } from '../policies/policy-body.schema';
import { forecastView, policyView } from './forecast-views';
import { RefitService } from './refit.service';

@Injectable()
export class ForecastingQueryService {
  constructor(
    @Inject(FORECASTING_CONFIG) private readonly config: ForecastingConfig,
    private readonly dataSource: DataSource,
    private readonly demand: DemandSql,
    private readonly forecasts: ForecastSql,
    private readonly suggestions: SuggestionSql,
    private readonly refits: RefitService,
  ) {}

  async forecast(item: ItemLocation, days: number) {
    const stored = (await this.forecasts.forecastsOf(this.dataSource.manager, [item])).get(itemKey(item));
    if (!stored) {
      throw new NotFoundException({
        code: 'FORECASTING.NOT_FITTED',
        message: `No forecast for ${item.sku} at ${item.locationId}: no stock movement seen yet, or it awaits its first fit (POST /v1/forecasts/refit)`,
      });
    }
    return forecastView(stored, days);
  }

  async policy(item: ItemLocation) {
    const manager = this.dataSource.manager;
    const overrides = await this.forecasts.policyOverrides(manager, item);
    const stored = (await this.forecasts.forecastsOf(manager, [item])).get(itemKey(item));
    const position = await this.demand.position(manager, item);
    const policy = effectivePolicy(defaultPolicyOf(this.config), overrides);
    return policyView(item, policy, overrides, stored, position, this.config.POSITION_INCLUDES_IN_TRANSIT);
  }

  /** Stores the item's policy and refits it at once, so the numbers answered already follow it. */
  async replacePolicy(item: ItemLocation, body: PolicyBody) {
    await this.forecasts.replacePolicyOverrides(this.dataSource.manager, item, body);
    await this.refits.refitItem(item);
    return this.policy(item);
  }

  /** One item: refitted now. Every item: marked due, refitted by the schedule at its pace. */
  async refit(item: ItemLocation | undefined) {
    if (!item) return { scheduled: true, due: await this.refits.scheduleAll() };
    const outcome = await this.refits.refitItem(item);
    if (!outcome) {
      throw new NotFoundException({ code: 'FORECASTING.UNKNOWN_ITEM', message: `No stock movement seen for ${item.sku} at ${item.locationId}` });
    }
    return { refitted: 1, failed: 0, suggestionEvents: outcome.suggestions.length, forecast: forecastView(outcome.forecast, this.config.FORECAST_HORIZON_DAYS) };
  }

  suggestionList(filter: { state?: 'open' | 'cleared'; sku?: string; locationId?: string; limit: number }) {
    return this.suggestions.list(this.dataSource.manager, filter);
  }
}
