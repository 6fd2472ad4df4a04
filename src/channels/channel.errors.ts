/** A delivery that failed for a reason that may pass (network, timeout, a non-2xx answer): retry it. */
export class DeliveryError extends Error {
  /** The HTTP status the receiver answered, when it answered. */
  readonly status?: number;

  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'DeliveryError';
    this.status = options.status;
  }
}

/** A delivery that no retry can fix (a refused target, a missing secret): fail it at once. */
export class PermanentDeliveryError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentDeliveryError';
  }
}
