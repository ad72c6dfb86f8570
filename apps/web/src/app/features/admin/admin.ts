import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  OnInit,
  signal,
} from '@angular/core';
import { problemText } from '../../core/api-problem';
import { ConfirmInline } from '../../core/confirm-inline';
import { Owner, SessionService } from '../../core/session.service';
import { formatDate } from '../../core/time-zones';
import { AdminApi } from './admin-api';
import { AdminNav } from './admin-nav';

export const PAGE_SIZE = 50;

type PageState =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | { readonly state: 'ready'; readonly owners: readonly Owner[]; readonly total: number };

@Component({
  selector: 'sl-admin',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AdminNav, ConfirmInline],
  templateUrl: './admin.html',
  styleUrl: './admin.css',
})
export class Admin implements OnInit {
  protected readonly pageSize = PAGE_SIZE;
  private readonly api = inject(AdminApi);
  private readonly session = inject(SessionService);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

  protected readonly page = signal<PageState>({ state: 'loading' });
  protected readonly offset = signal(0);
  protected readonly owners = computed(() => {
    const page = this.page();
    return page.state === 'ready' ? page.owners : [];
  });
  protected readonly total = computed(() => {
    const page = this.page();
    return page.state === 'ready' ? page.total : 0;
  });
  protected readonly loadError = computed(() => {
    const page = this.page();
    return page.state === 'error' ? page.message : '';
  });
  protected readonly range = computed(() => {
    const from = this.offset() + 1;
    return { from, to: this.offset() + this.owners().length };
  });
  protected readonly me = computed(() => this.session.owner()?.id);

  protected readonly confirming = signal<string | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly announcement = signal('');
  /** The one-time reset link just issued (shown once, until dismissed). */
  protected readonly resetLink = signal<{ email: string; url: string; expiresAt: string } | null>(null);

  ngOnInit(): void {
    void this.load();
  }

  async load(offset = this.offset()): Promise<void> {
    this.page.set({ state: 'loading' });
    this.offset.set(offset);
    const result = await this.api.owners(PAGE_SIZE, offset);
    if (result.ok) {
      this.page.set({ state: 'ready', owners: result.data.items, total: result.data.total });
    } else if (!this.session.handleExpiredSession(result.problem)) {
      this.page.set({ state: 'error', message: problemText(result.problem) });
    }
  }

  protected created(owner: Owner): string {
    return formatDate(owner.createdAt, this.session.owner()?.timezone);
  }

  protected askDisable(owner: Owner): void {
    this.actionError.set(null);
    this.confirming.set(owner.id);
    this.focusInRow(owner.id, '.cancel');
  }

  protected cancel(owner: Owner): void {
    this.confirming.set(null);
    this.focusInRow(owner.id, 'button');
  }

  async setDisabled(owner: Owner, disabled: boolean): Promise<void> {
    if (this.busy()) return;
    this.busy.set(owner.id);
    this.actionError.set(null);
    const result = await this.api.setDisabled(owner.id, disabled);
    this.busy.set(null);
    if (!result.ok) {
      if (this.session.handleExpiredSession(result.problem)) return;
      this.actionError.set(`${owner.email}: ${problemText(result.problem)}`);
      return;
    }
    this.confirming.set(null);
    this.page.update((page) =>
      page.state === 'ready'
        ? {
            ...page,
            owners: page.owners.map((o) =>
              o.id === owner.id ? { ...o, disabledAt: disabled ? new Date().toISOString() : null } : o,
            ),
          }
        : page,
    );
    this.announcement.set(
      disabled
        ? `${owner.email} is disabled: their sessions ended and their API keys stopped working.`
        : `${owner.email} is enabled again.`,
    );
    this.focusInRow(owner.id, 'button');
  }

  /** Issues a one-time password reset link for an owner and shows it once. */
  async issueReset(owner: Owner): Promise<void> {
    if (this.busy()) return;
    this.busy.set(owner.id);
    this.actionError.set(null);
    this.resetLink.set(null);
    const result = await this.api.issuePasswordReset(owner.id);
    this.busy.set(null);
    if (!result.ok) {
      if (this.session.handleExpiredSession(result.problem)) return;
      this.actionError.set(`${owner.email}: ${problemText(result.problem)}`);
      return;
    }
    this.resetLink.set({
      email: owner.email,
      url: result.data.resetUrl,
      expiresAt: formatDate(result.data.expiresAt, this.session.owner()?.timezone),
    });
    this.announcement.set(`A one-time password reset link for ${owner.email} is shown above the table.`);
    afterNextRender(() => this.host.querySelector<HTMLElement>('#reset-link')?.focus(), {
      injector: this.injector,
    });
  }

  protected dismissReset(): void {
    this.resetLink.set(null);
  }

  private focusInRow(id: string, selector: string): void {
    afterNextRender(
      () => this.host.querySelector<HTMLElement>(`[data-owner-id="${id}"] ${selector}`)?.focus(),
      {
        injector: this.injector,
      },
    );
  }
}
