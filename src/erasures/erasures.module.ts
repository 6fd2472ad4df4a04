import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PeopleModule } from '../people/people.module.js';
import { ProcessesModule } from '../processes/processes.module.js';
import { ChannelsModule } from '../channels/channels.module.js';
import { ErasePersonalDataHandler } from './erase-personal-data.handler.js';
import { ErasuresController } from './erasures.controller.js';

@Module({ imports: [CqrsModule, ProcessesModule, PeopleModule, ChannelsModule], controllers: [ErasuresController], providers: [ErasePersonalDataHandler] })
export class ErasuresModule {}
