import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TrendsTeaser } from '../trends/trends-teaser';

interface Audience {
  readonly name: string;
  readonly description: string;
}

interface Step {
  readonly title: string;
  readonly description: string;
}

@Component({
  selector: 'sl-home',
  imports: [RouterLink, TrendsTeaser],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './home.html',
  styleUrl: './home.css',
})
export class Home {
  protected readonly audiences: readonly Audience[] = [
    {
      name: 'Campaign owners',
      description:
        'Artists, labels, managers and marketers who promote music. Create a campaign, hand out tracker links for every channel and see which ones turn clicks into actual listening.',
    },
    {
      name: 'Integrators',
      description:
        'Developers who bring attribution into their own tools. Everything the app does goes through a documented HTTP API with a typed client.',
    },
    {
      name: 'Listeners',
      description:
        'People who click a campaign link. Connecting Spotify is optional, asks only for read access to recently played tracks, and can be revoked at any time.',
    },
    {
      name: 'Visitors',
      description:
        'Anyone curious about what people are listening to. Public trends show the top, rising and new tracks and artists — aggregated and anonymized, never a view of an individual listener.',
    },
  ];

  protected readonly steps: readonly Step[] = [
    {
      title: 'Create a campaign',
      description:
        'Name what you are promoting — a single, an album, a playlist — pick the tracks that count and set the window in which plays are attributed.',
    },
    {
      title: 'Share tracker links',
      description:
        'Generate a short tracker link for each channel: newsletter, social post, creator partnership, poster QR code. Every click is recorded against its link.',
    },
    {
      title: 'Listeners connect Spotify',
      description:
        'After the click, listeners can connect their Spotify account in one step. Soundlink reads their recently played tracks — nothing else, and only with consent.',
    },
    {
      title: 'Plays are attributed',
      description:
        'Plays of campaign tracks are matched to the click that preceded them. Each attribution carries a confidence score, so you can tell a strong signal from a coincidence.',
    },
  ];
}
