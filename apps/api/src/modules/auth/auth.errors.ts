import { DomainError, ErrorDetailDto } from '../../common/errors/api-error';

export enum AuthErrorCode {
  Unauthenticated = 'Unauthenticated',
  InvalidCredentials = 'InvalidCredentials',
  AccountDisabled = 'AccountDisabled',
  EmailTaken = 'EmailTaken',
  WeakPassword = 'WeakPassword',
  CsrfTokenMissing = 'CsrfTokenMissing',
  MissingScope = 'MissingScope',
  Forbidden = 'Forbidden',
  TooManyAttempts = 'TooManyAttempts',
  WrongPassword = 'WrongPassword',
  InvalidResetToken = 'InvalidResetToken',
}

export const unauthenticated = () =>
  new DomainError(
    AuthErrorCode.Unauthenticated,
    401,
    'Sign in, or send an API key as Authorization: Bearer <key>.',
  );

export const invalidCredentials = () =>
  new DomainError(AuthErrorCode.InvalidCredentials, 401, 'The email or password is incorrect.');

export const accountDisabled = () =>
  new DomainError(
    AuthErrorCode.AccountDisabled,
    403,
    'This account has been disabled. Contact your administrator.',
  );

export const emailTaken = () =>
  new DomainError(AuthErrorCode.EmailTaken, 409, 'An account with this email already exists.', [
    { field: 'email', reason: 'is already registered' },
  ]);

export const weakPassword = (details: ErrorDetailDto[]) =>
  new DomainError(
    AuthErrorCode.WeakPassword,
    400,
    `password ${details[0]?.reason ?? 'is too weak'}.`,
    details,
  );

export const csrfMissing = () =>
  new DomainError(
    AuthErrorCode.CsrfTokenMissing,
    403,
    'Missing or wrong CSRF token: send the sl_csrf cookie value in the X-CSRF-Token header.',
  );

export const missingScope = (scopes: string[]) =>
  new DomainError(AuthErrorCode.MissingScope, 403, `This API key lacks the scope ${scopes.join(', ')}.`, [
    ...scopes.map((scope) => ({ field: 'scope', reason: `${scope} is required` })),
  ]);

export const forbidden = (message: string) => new DomainError(AuthErrorCode.Forbidden, 403, message);

export const tooManyAttempts = (retryAfterS: number, what = 'sign-in attempts') =>
  new DomainError(
    AuthErrorCode.TooManyAttempts,
    429,
    `Too many ${what}. Try again in ${Math.ceil(retryAfterS / 60)} minute(s).`,
    undefined,
    { 'Retry-After': String(retryAfterS) },
  );

export const wrongPassword = () =>
  new DomainError(AuthErrorCode.WrongPassword, 400, 'currentPassword is not your current password.', [
    { field: 'currentPassword', reason: 'is not your current password' },
  ]);

export const invalidResetToken = () =>
  new DomainError(
    AuthErrorCode.InvalidResetToken,
    400,
    'This password reset link is invalid, expired or already used. Ask your administrator for a new one.',
    [{ field: 'token', reason: 'is invalid, expired or already used' }],
  );
