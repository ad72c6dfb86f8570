import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ApiKeys } from './api-keys';
import { PasswordSettings } from './password-settings';
import { ProfileSettings } from './profile-settings';
import { SpotifyAccount } from './spotify-account';
import { Webhooks } from './webhooks';

@Component({
  selector: 'sl-settings',
  imports: [ProfileSettings, PasswordSettings, SpotifyAccount, ApiKeys, Webhooks],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="sl-container sl-page">
      <p class="sl-eyebrow">Account</p>
      <h1>Settings</h1>
      <p class="sl-page__lead">
        Your profile, the time zone your reports use, your password, your Spotify account, API keys for your
        own tools, and webhooks that tell them what happens.
      </p>
      <div class="settings">
        <sl-profile-settings />
        <sl-password-settings />
        <sl-spotify-account />
        <sl-api-keys />
        <sl-webhooks />
      </div>
    </div>
  `,
  styles: `
    .settings {
      display: grid;
      gap: var(--sl-space-8);
      margin-top: var(--sl-space-8);
    }
  `,
})
export class Settings {}
