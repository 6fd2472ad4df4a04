import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module.js';
import { LiveFeed } from './live-feed.service.js';
import { LiveStreams } from './live-streams.service.js';
import { LiveController } from './live.controller.js';

/** Imports the token service itself: contexts without the HTTP app (the rebuild command) load this module too. */
@Module({ imports: [AuthModule], providers: [LiveFeed, LiveStreams], controllers: [LiveController] })
export class LiveModule {}
