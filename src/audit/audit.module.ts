import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module.js';
import { AuditController } from './audit.controller.js';
import { AuditLog } from './audit-log.js';
import { SealWitnesses } from './witnesses/seal-witnesses.js';

@Module({ imports: [ChannelsModule], controllers: [AuditController], providers: [AuditLog, SealWitnesses] })
export class AuditModule {}
