import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  input,
  OnInit,
  signal,
} from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { problemText } from '../../core/api-problem';
import { SessionService } from '../../core/session.service';
import { formatDateTime } from '../../core/time-zones';
import { CampaignLinks } from './campaign-links';
import {
  Campaign,
  CampaignStatus,
  STATUS_LABELS,
  transitionLabel,
  TYPE_LABELS,
  windowLabel,
} from './campaign-model';
import { CampaignsApi } from './campaigns-api';
import { DestinationSummary } from './destination-summary';
import { StatusBadge } from './status-badge';
import { TryItYourself } from './try-it-yourself';

type PageState =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string; readonly notFound: boolean }
  | { readonly state: 'ready'; readonly campaign: Campaign };

/** What needs a second click: changes that can't simply be undone. */
type Confirming = 'delete' | 'ended' | null;

/** /campaigns/:id — the campaign, its status actions and its tracker links. */
@Component({
  selector: 'sl-campaign-detail',
  imports: [RouterLink, StatusBadge, DestinationSummary, CampaignLinks, TryItYourself],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './campaign-detail.html',
  styleUrl: './campaign-detail.css',
})
export class CampaignDetail implements OnInit {
  readonly id = input.required<string>();

  private readonly api = inject(CampaignsApi);
  private readonly session = inject(SessionService);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

  protected readonly page = signal<PageState>({ state: 'loading' });
  protected readonly campaign = computed(() => {
    const page = this.page();
    return page.state === 'ready' ? page.campaign : null;
  });
  protected readonly actions = computed(() => {
    const campaign = this.campaign();
    if (!campaign) return [];
    return campaign.allowedTransitions.map((to) => ({ to, label: transitionLabel(campaign.status, to) }));
  });
  protected readonly typeLabels = TYPE_LABELS;
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly windowLabel = windowLabel;

  protected readonly busy = signal<CampaignStatus | 'delete' | 'refresh' | null>(null);
  protected readonly confirming = signal<Confirming>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly announcement = signal('');

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    this.page.set({ state: 'loading' });
    const result = await this.api.get(this.id());
    if (result.ok) {
      this.page.set({ state: 'ready', campaign: result.data });
      return;
    }
    if (this.session.handleExpiredSession(result.problem)) return;
    const notFound = result.problem.status === 404;
    this.page.set({
      state: 'error',
      notFound,
      message: notFound ? "This campaign doesn't exist, or it isn't yours." : problemText(result.problem),
    });
  }

  /** "Check again" on a campaign whose destination Spotify hasn't resolved yet. */
  protected async refresh(): Promise<void> {
    this.busy.set('refresh');
    const result = await this.api.get(this.id());
    this.busy.set(null);
    if (result.ok) {
      this.page.set({ state: 'ready', campaign: result.data });
      this.announcement.set(
        result.data.resolution.state === 'resolved'
          ? 'Spotify answered: the destination is resolved.'
          : 'Still waiting for Spotify.',
      );
    } else if (!this.session.handleExpiredSession(result.problem)) {
      this.actionError.set(problemText(result.problem));
    }
  }

  protected formatDate(iso: string | null): string {
    const campaign = this.campaign();
    return iso ? formatDateTime(iso, campaign?.timezone) : '';
  }

  protected choose(to: CampaignStatus): void {
    this.actionError.set(null);
    if (to === 'ended') {
      this.ask('ended');
      return;
    }
    void this.changeStatus(to);
  }

  protected ask(what: Exclude<Confirming, null>): void {
    this.actionError.set(null);
    this.confirming.set(what);
    afterNextRender(() => this.host.querySelector<HTMLElement>('.confirm .cancel')?.focus(), {
      injector: this.injector,
    });
  }

  protected cancelConfirm(): void {
    const what = this.confirming();
    this.confirming.set(null);
    const selector = what === 'delete' ? '.delete-button' : '[data-status="ended"]';
    afterNextRender(() => this.host.querySelector<HTMLElement>(selector)?.focus(), {
      injector: this.injector,
    });
  }

  async changeStatus(to: CampaignStatus): Promise<void> {
    const campaign = this.campaign();
    if (!campaign || this.busy()) return;
    this.busy.set(to);
    this.actionError.set(null);
    const result = await this.api.update(campaign.id, { status: to });
    this.busy.set(null);
    this.confirming.set(null);
    if (result.ok) {
      this.page.set({ state: 'ready', campaign: result.data });
      this.announcement.set(`Campaign is now ${STATUS_LABELS[result.data.status].toLowerCase()}.`);
      afterNextRender(() => this.host.querySelector<HTMLElement>('#campaign-status')?.focus(), {
        injector: this.injector,
      });
      return;
    }
    if (this.session.handleExpiredSession(result.problem)) return;
    this.actionError.set(problemText(result.problem));
    // The campaign may have changed elsewhere: show what it can do now.
    if (result.problem.status === 409) void this.reloadQuietly();
  }

  private async reloadQuietly(): Promise<void> {
    const result = await this.api.get(this.id());
    if (result.ok) this.page.set({ state: 'ready', campaign: result.data });
  }

  async remove(): Promise<void> {
    const campaign = this.campaign();
    if (!campaign || this.busy()) return;
    this.busy.set('delete');
    this.actionError.set(null);
    const result = await this.api.delete(campaign.id);
    this.busy.set(null);
    if (result.ok || result.problem.status === 404) {
      await this.router.navigate(['/campaigns']);
      return;
    }
    if (this.session.handleExpiredSession(result.problem)) return;
    this.actionError.set(problemText(result.problem));
  }
}
