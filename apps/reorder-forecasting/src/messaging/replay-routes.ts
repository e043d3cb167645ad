// Where reorder-forecasting's dead letters go when an operator replays them, for the admin
// endpoints and the command alike. Its letters are stock changes it refused; the ledger alone
// writes inventory.stock-changed.v1, and a record sent there would reach every reader of it, so
// they go to a topic of this service's own, which its intake reads like stock-changed.
import { TOPICS } from '@ledgerline/contracts';
import type { ReplayRoutes } from '@ledgerline/messaging';

export const FORECASTING_REPLAY_ROUTES: ReplayRoutes = { [TOPICS.stockChanged.name]: TOPICS.forecastingStockChangedReplay.name };
