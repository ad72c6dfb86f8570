import { Body, Controller, Get, HttpCode, Patch, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ErrorResponseDto } from '../../common/errors/api-error';
import { AppConfig } from '../../config/app-config';
import { RETENTION_MIN_DAYS } from '../../config/retention-config';
import { assertClickRetentionDays } from '../../common/validation/click-retention-days';
import { CurrentPrincipal, Public, SessionOnly } from './auth.decorators';
import { AuthService, IssuedSession } from './auth.service';
import {
  ChangePasswordDto,
  LoginDto,
  OwnerDto,
  RegisterDto,
  ResetPasswordDto,
  SessionDto,
  UpdateProfileDto,
} from './dto/auth.dto';
import type { Principal } from './principal';
import { clearSessionCookies, setSessionCookies } from './session-cookies';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  private answer(res: Response, session: IssuedSession): SessionDto {
    setSessionCookies(res, session.token, session.csrf, this.config.secureCookies);
    return { owner: OwnerDto.from(session.owner), csrfToken: session.csrf };
  }

  @Public()
  @Post('register')
  @ApiOperation({
    summary: 'Create an owner account and sign in (sets the session cookie).',
    description:
      'Every account gets the owner role; admin is granted only by the operator (npm run admin -- grant EMAIL). Rate-limited per client IP (REGISTER_RATE_LIMIT an hour).',
  })
  @ApiCreatedResponse({ type: SessionDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'EmailTaken' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'TooManyAttempts, with Retry-After' })
  async register(@Body() body: RegisterDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.answer(res, await this.auth.register(body, req.ip ?? '', req.headers['user-agent']));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with email and password (sets the session cookie).',
    description:
      'Unknown email and wrong password get the same answer. Rate-limited per account and client IP, per client IP, and per account from IPs that never signed in to it (docs/campaigns.md).',
  })
  @ApiOkResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'InvalidCredentials' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'TooManyAttempts, with Retry-After' })
  async login(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.answer(
      res,
      await this.auth.login(body.email, body.password, req.ip ?? '', req.headers['user-agent']),
    );
  }

  @SessionOnly()
  @Post('logout')
  @HttpCode(204)
  @ApiCookieAuth('session')
  @ApiOperation({ summary: 'Sign out: ends the session and clears its cookies.' })
  @ApiNoContentResponse()
  async logout(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    await this.auth.logout(principal.sessionId ?? '');
    clearSessionCookies(res, this.config.secureCookies);
  }

  @SessionOnly()
  @Post('password')
  @HttpCode(204)
  @ApiCookieAuth('session')
  @ApiOperation({
    summary: 'Change your password (signed in).',
    description:
      'Checks the current password (under the sign-in limits) and applies the registration rules to the new one. Every other session of the owner ends; this one stays. API keys keep working.',
  })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'WrongPassword, WeakPassword' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'TooManyAttempts, with Retry-After' })
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ChangePasswordDto,
    @Req() req: Request,
  ): Promise<void> {
    await this.auth.changePassword(principal, body.currentPassword, body.newPassword, req.ip ?? '');
  }

  @Public()
  @Post('password-reset')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a new password with a one-time reset token from an administrator.',
    description:
      'The token comes from a reset link (POST /admin/owners/{id}/password-reset or npm run admin -- reset-password EMAIL). It works once, for 24 hours; every session of the owner ends.',
  })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'InvalidResetToken, WeakPassword' })
  async resetPassword(@Body() body: ResetPasswordDto): Promise<void> {
    await this.auth.resetPassword(body.token, body.newPassword);
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in owner (or the owner of the API key).' })
  @ApiOkResponse({ type: OwnerDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  async getMe(@CurrentPrincipal() principal: Principal): Promise<OwnerDto> {
    return this.withLimits(OwnerDto.from(await this.auth.profile(principal.ownerId)));
  }

  @SessionOnly()
  @Patch('me')
  @ApiOperation({ summary: 'Change the display name or the time zone used for reports.' })
  @ApiOkResponse({ type: OwnerDto })
  async updateMe(
    @CurrentPrincipal() principal: Principal,
    @Body() body: UpdateProfileDto,
    @Req() req: Request,
  ): Promise<OwnerDto> {
    assertClickRetentionDays(body.clickRetentionDays, 'clickRetentionDays', this.config.CLICK_RETENTION_DAYS);
    return this.withLimits(OwnerDto.from(await this.auth.updateProfile(principal, body, req.id as string)));
  }

  private withLimits(owner: OwnerDto): OwnerDto {
    return {
      ...owner,
      dataRetention: {
        minClickRetentionDays: RETENTION_MIN_DAYS,
        maxClickRetentionDays: this.config.CLICK_RETENTION_DAYS,
        clickPiiRetentionDays: this.config.CLICK_PII_RETENTION_DAYS,
        playRetentionDays: this.config.PLAY_RETENTION_DAYS,
      },
    };
  }
}
