// What every scenario gets and gives back.
import type { BenchOptions } from '../options/bench-options';
import type { Progress } from '../infra/progress';
import type { Figure, ScenarioResult } from '../report/bench-report';

export interface ScenarioContext {
  options: BenchOptions;
  progress: Progress;
  workspaceRoot: string;
}

export type { Figure, ScenarioResult };
