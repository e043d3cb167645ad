// The counting program's parameters, from the validated configuration (docs/operations/cycle-counting.md).
import { parseMoney } from '@ledgerline/money';
import { checkThresholds, DEFAULT_RISK_WEIGHTS, type AbcPolicy, type CountListPolicy, type CountThresholds, type RiskWeights } from '@ledgerline/pos-domain';
import type { PosIngestionConfig } from '../config/pos-ingestion.config';

export interface CountingSettings {
  readonly abc: AbcPolicy;
  readonly list: CountListPolicy;
  readonly thresholds: CountThresholds;
  readonly riskWeights: RiskWeights;
  readonly signalWindowDays: number;
}

export function countingSettingsOf(config: PosIngestionConfig): CountingSettings {
  const thresholds: CountThresholds = {
    recount: { units: config.COUNT_RECOUNT_UNITS, percent: config.COUNT_RECOUNT_PERCENT, value: parseMoney(config.COUNT_RECOUNT_VALUE) },
    approval: { units: config.COUNT_APPROVAL_UNITS, percent: config.COUNT_APPROVAL_PERCENT, value: parseMoney(config.COUNT_APPROVAL_VALUE) },
  };
  checkThresholds(thresholds);
  return {
    abc: { aSharePercent: config.COUNT_ABC_A_PERCENT, bSharePercent: config.COUNT_ABC_AB_PERCENT },
    list: { budget: config.COUNT_DAILY_BUDGET, cycleDays: { A: config.COUNT_CYCLE_DAYS_A, B: config.COUNT_CYCLE_DAYS_B, C: config.COUNT_CYCLE_DAYS_C } },
    thresholds,
    riskWeights: DEFAULT_RISK_WEIGHTS,
    signalWindowDays: config.COUNT_SIGNAL_WINDOW_DAYS,
  };
}
