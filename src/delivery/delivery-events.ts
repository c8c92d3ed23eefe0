/** What delivery tells its caller at the moment it happens: the log's one line per message. */
export type DeliveryEvent =
  | { readonly kind: 'sent'; readonly key: string; readonly response: string; readonly ms: number }
  | { readonly kind: 'retrying'; readonly key: string; readonly error: string; readonly nextAttemptAt: string }
  | { readonly kind: 'failed'; readonly key: string; readonly error: string }
  /** The relay has not answered within the transport's timeout. */
  | { readonly kind: 'slow'; readonly key: string; readonly seconds: number }
  /** This sender's lease ran out and another took the message over: this result was not written. */
  | { readonly kind: 'claim-lost'; readonly key: string; readonly outcome: 'sent' | 'retrying' | 'failed' }
  /** A claim whose lease had run out (its sender died or hung) was taken over. */
  | { readonly kind: 'taken-over'; readonly key: string; readonly from: string }
  /** A result could not be written (the database was away): tried again. */
  | { readonly kind: 'record-retry'; readonly key: string; readonly tries: number; readonly error: string }
  /** A result could not be written in the time allowed: the lease runs out and the message is sent again. */
  | { readonly kind: 'record-gave-up'; readonly key: string; readonly outcome: 'sent' | 'retrying' | 'failed'; readonly error: string }
  /** A stop was asked for: claimed messages not yet handed to the relay went back to pending. */
  | { readonly kind: 'released'; readonly count: number }
  | { readonly kind: 'lease-not-renewed'; readonly error: string };

export type DeliveryListener = (event: DeliveryEvent) => void;

