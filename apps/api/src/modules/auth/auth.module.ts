import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminController } from './admin.controller';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyService } from './api-key.service';
import { ApiKeysController } from './api-keys.controller';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { OwnerAdminService } from './owner-admin.service';
import { AuthRateLimits } from './auth-rate-limits.service';
import { CredentialsRepository } from './credentials.repository';
import { OAuthStateEntity } from './oauth-state.entity';
import { OAuthStateService } from './oauth-state.service';
import { OwnerEntity } from './owner.entity';
import { PasswordResetEntity } from './password-reset.entity';
import { SessionEntity } from './session.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      OwnerEntity,
      SessionEntity,
      ApiKeyEntity,
      OAuthStateEntity,
      PasswordResetEntity,
    ]),
  ],
  controllers: [AuthController, ApiKeysController, AdminController],
  providers: [
    AuthService,
    OwnerAdminService,
    ApiKeyService,
    OAuthStateService,
    AuthRateLimits,
    CredentialsRepository,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, ApiKeyService, OAuthStateService],
})
export class AuthModule {}
