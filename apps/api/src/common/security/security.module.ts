import { Global, Module } from '@nestjs/common';
import { SecretsService } from './secrets.service';
import { TokenCipher } from './token-cipher';

@Global()
@Module({
  providers: [
    SecretsService,
    {
      provide: TokenCipher,
      inject: [SecretsService],
      useFactory: (secrets: SecretsService) => new TokenCipher(secrets.encryptionKey),
    },
  ],
  exports: [SecretsService, TokenCipher],
})
export class SecurityModule {}
