import { Module } from '@nestjs/common';
import { LiveFeed } from './live-feed.service.js';
import { LiveStreams } from './live-streams.service.js';
import { LiveController } from './live.controller.js';

@Module({ providers: [LiveFeed, LiveStreams], controllers: [LiveController] })
export class LiveModule {}
