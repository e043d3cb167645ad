// The dead-letter actions of the dashboard: list the letters of a reason, show one, replay or
// discard it, each through the owning service's admin API with the admin credential configured for
// that service. The dashboard decides nothing itself: the service checks and records every action,
// with the operator's name and the dashboard credential they acted with as `by`.
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DASHBOARD_CONFIG, type DashboardConfig } from '../config/dashboard.config';
import { ServiceReader, required } from '../lookup/service-reader';

export const DEAD_LETTER_SERVICES = ['pos-ingestion', 'inventory-ledger', 'reorder-forecasting'] as const;
export type DeadLetterService = (typeof DEAD_LETTER_SERVICES)[number];

/** A replay waits for the broker's acknowledgement before the service answers: longer than a read. */
const ACTION_TIMEOUT_MS = 15_000;

const CREDENTIAL_SETTING: Record<DeadLetterService, keyof DashboardConfig> = {
  'pos-ingestion': 'POS_INGESTION_ADMIN_CREDENTIAL',
  'inventory-ledger': 'INVENTORY_LEDGER_ADMIN_CREDENTIAL',
  'reorder-forecasting': 'REORDER_FORECASTING_ADMIN_CREDENTIAL',
};

export interface Operator {
  /** The name the operator gave. */
  readonly name: string;
  /** The key id of the dashboard credential they acted with. */
  readonly keyId: string;
}

@Injectable()
export class DeadLetterActions {
  private readonly readers = new Map<DeadLetterService, ServiceReader>();

  constructor(@Inject(DASHBOARD_CONFIG) config: DashboardConfig) {
    const urls: Record<DeadLetterService, string> = {
      'pos-ingestion': config.POS_INGESTION_URL,
      'inventory-ledger': config.INVENTORY_LEDGER_URL,
      'reorder-forecasting': config.REORDER_FORECASTING_URL,
    };
    for (const service of DEAD_LETTER_SERVICES) {
      const credential = config[CREDENTIAL_SETTING[service]];
      if (typeof credential === 'string') this.readers.set(service, new ServiceReader(service, urls[service], Math.max(config.SERVICE_TIMEOUT_MS, ACTION_TIMEOUT_MS), credential));
    }
  }

  async list(service: string, query: { reasonCode?: string; after?: string; limit?: number }): Promise<unknown> {
    return required(await this.reader(service).get('/v1/admin/dead-letters', { status: 'open', ...query }));
  }

  async show(service: string, eventId: string): Promise<unknown> {
    return required(await this.reader(service).get(`/v1/admin/dead-letters/${encodeURIComponent(eventId)}`));
  }

  async replay(service: string, eventId: string, operator: Operator, note: string | undefined): Promise<unknown> {
    return required(await this.reader(service).post(`/v1/admin/dead-letters/${encodeURIComponent(eventId)}/replay`, { by: actedBy(operator), note }));
  }

  async discard(service: string, eventId: string, operator: Operator, reason: string): Promise<unknown> {
    return required(await this.reader(service).post(`/v1/admin/dead-letters/${encodeURIComponent(eventId)}/discard`, { by: actedBy(operator), reason }));
  }

  private reader(service: string): ServiceReader {
    if (!(DEAD_LETTER_SERVICES as readonly string[]).includes(service)) {
      throw new HttpException({ code: 'DASHBOARD.UNKNOWN_SERVICE', message: `No service named ${JSON.stringify(service.slice(0, 60))} owns dead letters; one of ${DEAD_LETTER_SERVICES.join(', ')}` }, HttpStatus.NOT_FOUND);
    }
    const reader = this.readers.get(service as DeadLetterService);
    if (reader === undefined) {
      const setting = CREDENTIAL_SETTING[service as DeadLetterService];
      throw new HttpException({ code: 'DASHBOARD.NOT_CONFIGURED', message: `The dashboard has no admin credential of ${service} (${setting}), so it cannot act on its dead letters` }, HttpStatus.SERVICE_UNAVAILABLE);
    }
    return reader;
  }
}

function actedBy(operator: Operator): string {
  return `${operator.name} (ops-dashboard ${operator.keyId})`;
}
