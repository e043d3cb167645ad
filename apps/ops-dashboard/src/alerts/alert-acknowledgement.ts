// When an alert counts as acknowledged: an acknowledgement names the occurrence it saw (the alert's
// raisedAt then); a later occurrence of the same alert id is news the operator has not seen, so it
// shows as not acknowledged until someone acknowledges it again.

export interface Acknowledgement {
  readonly alertId: string;
  /** raisedAt of the occurrence that was acknowledged. */
  readonly alertRaisedAt: string;
  readonly acknowledgedAt: string;
  /** The name the operator gave, and the key id of the credential they acted with. */
  readonly by: string;
  readonly keyId: string;
  readonly note: string;
}

export function acknowledgementOf(alert: { readonly raisedAt: string }, latest: Acknowledgement | undefined): Acknowledgement | null {
  if (latest === undefined) return null;
  return Date.parse(alert.raisedAt) <= Date.parse(latest.alertRaisedAt) ? latest : null;
}
