/**
 * The one error type of the forecasting domain. Every error carries a stable code
 * (`FORECAST.*` for forecasting input, `POLICY.*` for inventory policy input) and a message that
 * names the field and the reason, so that a service can map it to a 4xx answer unchanged.
 */
export class ForecastingError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ForecastingError';
  }
}
