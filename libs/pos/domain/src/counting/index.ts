// The cycle-counting program's rules: which keys a location counts each day, and what happens to
// a counted quantity. Pure functions; days are whole days since 1970-01-01 (UTC).
export { ABC_CLASSES, DEFAULT_ABC_POLICY, classifyAbc, usageValue, type AbcClass, type AbcInput, type AbcPolicy } from './abc-classification';
export { DEFAULT_RISK_WEIGHTS, countRisk, type CountRisk, type CountSignals, type RiskReason, type RiskWeights } from './count-risk';
export {
  DEFAULT_COUNT_LIST_POLICY,
  budgetToKeepCycles,
  dailyCountList,
  dueDayOf,
  keysNeededToday,
  type CountCandidate,
  type CountListEntry,
  type CountListPolicy,
  type DailyCountList,
} from './daily-count-list';
export {
  DEFAULT_COUNT_THRESHOLDS,
  checkThresholds,
  decideCount,
  isWithinLimits,
  varianceOf,
  type CountAttempt,
  type CountDecision,
  type CountThresholds,
  type CountedFigures,
  type VarianceLimits,
} from './count-decision';
export { accuracyPercent, recordAccuracy, type CountedItemResult, type RecordAccuracy } from './record-accuracy';
