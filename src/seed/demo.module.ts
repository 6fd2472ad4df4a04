import { Module } from '@nestjs/common';
import { ProcessesModule } from '../processes/processes.module.js';
import { DemoSeed } from './demo-seed.js';
import { DemoController } from './demo.controller.js';

/** The demo an admin loads from the web page into an empty tracker. */
@Module({ imports: [ProcessesModule], controllers: [DemoController], providers: [DemoSeed] })
export class DemoModule {}
