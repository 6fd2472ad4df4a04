import { Module } from '@nestjs/common';
import { LiveFeed } from './live-feed.service.js';
import { LiveController } from './live.controller.js';

@Module({ providers: [LiveFeed], controllers: [LiveController] })
export class LiveModule {}
