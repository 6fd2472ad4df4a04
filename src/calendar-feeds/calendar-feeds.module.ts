import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../projections/deadlines/deadlines.module.js';
import { DeadlinesFeedController } from './deadlines-feed.controller.js';
import { FeedKeysController } from './feed-keys.controller.js';
import { FeedKeys } from './feed-keys.service.js';

@Module({ imports: [DeadlinesModule], controllers: [FeedKeysController, DeadlinesFeedController], providers: [FeedKeys] })
export class CalendarFeedsModule {}
