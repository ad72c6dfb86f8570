import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { Artwork } from './artwork';
import { DestinationType, TYPE_LABELS } from './campaign-model';

export interface DestinationView {
  readonly type: DestinationType;
  readonly name: string | null;
  readonly imageUrl: string | null;
  readonly ownerName?: string | null;
  readonly trackCount?: number | null;
  readonly url?: string;
}

/** What a Spotify link points at: artwork, kind, name, owner/artists and number of tracks. */
@Component({
  selector: 'sl-destination-summary',
  imports: [Artwork],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <sl-artwork [src]="destination().imageUrl" [size]="size()" />
    <div class="text">
      <p class="type">{{ typeLabel() }}</p>
      <p class="name">{{ destination().name ?? 'Name not known yet' }}</p>
      @if (byline(); as by) {
        <p class="by">{{ by }}</p>
      }
      @if (tracks(); as count) {
        <p class="tracks">{{ count }}</p>
      }
      @if (destination().url; as url) {
        <a class="open" [href]="url" target="_blank" rel="noopener noreferrer"
          >Open in Spotify<span class="sl-visually-hidden"> (opens in a new tab)</span></a
        >
      }
    </div>
  `,
  styles: `
    :host {
      display: flex;
      gap: var(--sl-space-4);
      align-items: flex-start;
      min-width: 0;
    }
    .text {
      min-width: 0;
    }
    .text p {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .type {
      color: var(--sl-color-text-muted);
      font-size: var(--sl-text-sm);
      font-weight: 700;
      letter-spacing: 0.04em;
      text-transform: uppercase;
    }
    .name {
      font-size: var(--sl-text-lg);
      font-weight: 700;
      line-height: var(--sl-leading-tight);
    }
    .by,
    .tracks {
      color: var(--sl-color-text-muted);
    }
    .open {
      display: inline-block;
      margin-top: var(--sl-space-1);
      font-size: var(--sl-text-sm);
      font-weight: 600;
    }
  `,
})
export class DestinationSummary {
  readonly destination = input.required<DestinationView>();
  readonly size = input(72);

  protected readonly typeLabel = computed(() => TYPE_LABELS[this.destination().type]);
  protected readonly byline = computed(() => {
    const { type, ownerName } = this.destination();
    if (!ownerName) return null;
    return type === 'playlist' ? `Playlist by ${ownerName}` : `by ${ownerName}`;
  });
  protected readonly tracks = computed(() => {
    const { type, trackCount } = this.destination();
    if (trackCount === undefined || trackCount === null) return null;
    if (type === 'artist') return 'Every track by this artist counts';
    return `${trackCount} track${trackCount === 1 ? '' : 's'}`;
  });
}
