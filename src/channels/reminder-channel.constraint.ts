import { Injectable } from '@nestjs/common';
import {
  registerDecorator,
  useContainer,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidationOptions,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { ReminderChannelRegistry } from './reminder-channel.registry.js';

/**
 * A request field naming a registered channel. class-validator takes it from Nest's container
 * (`useContainer` in the HTTP setup), so it reads the registry; the message is @IsIn's.
 */
@ValidatorConstraint({ name: 'isIn' })
@Injectable()
export class IsReminderChannelConstraint implements ValidatorConstraintInterface {
  constructor(private readonly registry: ReminderChannelRegistry) {}

  validate(value: unknown): boolean {
    // Without Nest's container class-validator builds this class itself, with no registry: a wiring error, said plainly.
    if (!this.registry) throw new Error('IsReminderChannel needs class-validator to use the Nest container (useContainer)');
    return this.registry.has(value);
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be one of the following values: ${this.registry.names().join(', ')}`;
  }
}

export function IsReminderChannel(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({ target: target.constructor, propertyName: String(propertyName), options, validator: IsReminderChannelConstraint });
}

/** Lets class-validator take this constraint from Nest; it still builds every other validator itself, as before. */
export function useChannelConstraintFrom(app: { get(type: typeof IsReminderChannelConstraint): IsReminderChannelConstraint }): void {
  const constraint = app.get(IsReminderChannelConstraint);
  useContainer({ get: (type: unknown) => (type === IsReminderChannelConstraint ? constraint : undefined) }, { fallback: true });
}
