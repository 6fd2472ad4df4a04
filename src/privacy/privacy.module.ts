import { Global, Module } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig } from '../config/config.js';
import { openKeyEncryptionKey } from './data-key.js';
import { KeyEncryptionKey } from './key-encryption-key.js';
import { PersonalDataVault } from './personal-data-vault.js';

@Global()
@Module({
  providers: [{ provide: KeyEncryptionKey, inject: [AppConfig, Pool], useFactory: openKeyEncryptionKey }, PersonalDataVault],
  exports: [PersonalDataVault],
})
export class PrivacyModule {}
