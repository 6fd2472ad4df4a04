/** How a form asks for an address: an e-mail field, a URL field, or plain text. */
export const ADDRESS_KINDS = ['email', 'url', 'text'] as const;
export type AddressKind = (typeof ADDRESS_KINDS)[number];

/** A channel's name is stored in events: a plain, short token. */
export const CHANNEL_NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/** Each channel names its own refusal; the `invalid-…-address` form keeps them apart from every other code. */
export type ChannelAddressCode = `invalid-${string}-address`;

export interface AddressProblem {
  code: ChannelAddressCode;
  message: string;
}

/** A file sent along with a message meant for people (the deadline's calendar entry). */
export interface DeliveryAttachment {
  filename: string;
  content: string;
  contentType: string;
}

/** A message for people, in the recipient's language. */
export interface ReadableMessage {
  subject: string;
  text: string;
  html: string;
  attachments: DeliveryAttachment[];
}

/**
 * One message to one recipient, whatever it is about: the sender (reminders) renders it, the channel only
 * carries it. Each channel takes the form it needs, so both are built only when asked for.
 */
export interface ChannelDelivery {
  /** Stable across retries of the same message, so a receiver can drop a repeat (webhook-id, Message-ID). */
  id: string;
  recipient: {
    /** Decrypted address, as the channel's own validation accepted it. */
    address: string;
    /** Decrypted signing secret, for channels that sign. */
    secret?: string;
  };
  /** The message for people (e-mail). */
  readable(): ReadableMessage;
  /** The message for machines: the JSON body (webhooks). */
  payload(): unknown;
}

/** A way a reminder leaves the service: marked @RegisteredChannel() and listed in ChannelsModule's providers. */
export interface ReminderChannel {
  /** Stored in SubscriptionAdded and every reminder: never rename one. Matches CHANNEL_NAME_PATTERN. */
  readonly name: string;
  readonly addressKind: AddressKind;
  /** Undefined when the address may be subscribed; checked before anything is encrypted or written. */
  addressProblem(address: unknown): AddressProblem | undefined;
  /** A secret shown once to the subscriber and kept encrypted, for channels that sign what they send. */
  issueSecret?(): string;
  /** Resolves once the receiver took the message; throws otherwise. */
  send(delivery: ChannelDelivery): Promise<unknown>;
  /** A failure no retry can fix: the reminder fails at once instead of after the last attempt. */
  isPermanentFailure(error: unknown): boolean;
}
