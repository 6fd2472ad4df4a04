import { Global, Module } from '@nestjs/common';
import { PersonalDataVault } from './personal-data-vault.js';

@Global()
@Module({ providers: [PersonalDataVault], exports: [PersonalDataVault] })
export class PrivacyModule {}
