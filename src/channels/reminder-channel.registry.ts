import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { CHANNEL_NAME_PATTERN, type AddressKind, type AddressProblem, type ReminderChannel } from './reminder-channel.js';

/**
 * Marks a provider as a reminder channel. A decorator found by DiscoveryService rather than a token
 * holding a list: providing the class anywhere registers it (a line in ChannelsModule, a fake in a test).
 */
export const RegisteredChannel = DiscoveryService.createDecorator<void>();

/** Why a subscription's channel or address is refused, with the body field at fault. */
export type SubscriptionAddressProblem =
  | { code: 'invalid-channel'; message: string; field: 'channel' }
  | (AddressProblem & { field: 'address' });

/** Every registered reminder channel, by name: what the processor, the validation and the web form ask. */
@Injectable()
export class ReminderChannelRegistry implements OnModuleInit {
  private readonly channels = new Map<string, ReminderChannel>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const found = new Map<string, ReminderChannel>();
    for (const wrapper of this.discovery.getProviders({ metadataKey: RegisteredChannel.KEY })) {
      const channel = wrapper.instance as ReminderChannel | undefined;
      if (!channel) continue;
      if (!CHANNEL_NAME_PATTERN.test(channel.name)) throw new Error(`"${channel.name}" cannot name a reminder channel (${CHANNEL_NAME_PATTERN})`);
      const known = found.get(channel.name);
      if (known && known !== channel) throw new Error(`two reminder channels are named "${channel.name}"`);
      found.set(channel.name, channel);
    }
    // By name: discovery order follows Nest's instantiation, which no one should have to reason about.
    for (const name of [...found.keys()].sort()) this.channels.set(name, found.get(name)!);
  }

  /** In alphabetical order: the web form offers the first one first. */
  names(): string[] {
    return [...this.channels.keys()];
  }

  /** What the web form needs to offer each channel. */
  describe(): { name: string; addressKind: AddressKind }[] {
    return [...this.channels.values()].map(({ name, addressKind }) => ({ name, addressKind }));
  }

  has(name: unknown): name is string {
    return typeof name === 'string' && this.channels.has(name);
  }

  /** Undefined for a name no channel has (any more). */
  find(name: string): ReminderChannel | undefined {
    return this.channels.get(name);
  }

  get(name: string): ReminderChannel {
    const channel = this.channels.get(name);
    if (!channel) throw new Error(`no reminder channel is named "${name}"`);
    return channel;
  }

  /** The channel, then its address: undefined when both may be subscribed. */
  subscriptionProblem(channel: unknown, address: unknown): SubscriptionAddressProblem | undefined {
    if (!this.has(channel)) return { code: 'invalid-channel', message: `channel must be ${this.namesInWords()}`, field: 'channel' };
    const problem = this.get(channel).addressProblem(address);
    return problem && { ...problem, field: 'address' };
  }

  /** "email or webhook", "email, sms or webhook". */
  private namesInWords(): string {
    const names = this.names();
    return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
  }
}
